import { type RawBuilder, sql } from 'kysely';
import { expect } from 'vitest';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import {
  cebMessage,
  SAMPLE_PARTIES as P,
  SAMPLE_SITE_OPERATOR,
  type SampleTransaction,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
} from './ceb.samples.ts';

/** One receipt as the gateway answers it. */
export interface GatewayResult {
  outcome: string;
  guid: string;
  receipt: {
    status: string;
    reasons?: { path: string; rule: string; params?: Record<string, unknown> }[];
    data: Record<string, unknown>;
  };
}

/** A test platform with API keys for the sample parties, and ways to post CEB messages to it. */
export async function cebGatewayPlatform(env: Record<string, string> = {}) {
  const platform: TestPlatform = await createTestPlatform(env);
  await seedDemoAccounts(platform, ['ecommerce.submit', 'ecommerce.read']);
  const keys: Record<string, string> = {};
  for (const code of [P.ebcCode, P.payCode, P.logisticsCode, SAMPLE_SITE_OPERATOR]) {
    const issued = await platform.identity.users.issueApiKey(
      { kind: 'operator', name: 'test' },
      { enterpriseCode: code, name: 'ceb', scopes: ['ecommerce.submit', 'ecommerce.read'] },
    );
    keys[code] = issued.key;
  }
  const post = (sender: string, payload: string | object, contentType: string) =>
    platform.app.inject({
      method: 'POST',
      url: '/api/v1/ecommerce/messages',
      headers: { 'x-api-key': keys[sender]!, 'content-type': contentType },
      payload,
    });
  const answers = async (response: Awaited<ReturnType<typeof post>>) => {
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results as GatewayResult[];
  };
  const results = (type: string, sender: string, documents: string[]) =>
    post(sender, cebMessage(type, sender, documents), 'application/xml').then(answers);
  return {
    platform,
    keys,
    /** Posts raw XML (or JSON with `contentType`) as `sender`. */
    post,
    /** Posts documents in a CEBnnnMessage as `sender` and answers its results (expects 200). */
    results,
    /** Sends a transaction's order, payment, waybill and then its list, a message each; answers the list's results. */
    all: async (t: SampleTransaction) => {
      await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
      await results('CEB411Message', P.payCode, [samplePayment(t)]);
      await results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
      return results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    },
    /** Posts a JSON-form message as `sender` and answers its results (expects 200). */
    resultsJson: (sender: string, body: object) => post(sender, body, 'application/json').then(answers),
    /** A transaction numbered `n` with the sample parties. */
    tx: (n: number, over: Partial<SampleTransaction> = {}): SampleTransaction => ({
      n,
      ...P,
      buyerId: `31010119900101${String(n).padStart(4, '0')}`,
      lines: [{ gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' }],
      ...over,
    }),
    /** Rows of a table (test inspection). */
    rows: async <T>(query: RawBuilder<T>) => (await query.execute(platform.db.kysely)).rows,
    /** The lists of transaction `n` (copNo `C{n}`): status and stored document. */
    lists: async (n: number) =>
      (
        await sql<{
          status: string;
          doc: string;
        }>`SELECT status, doc FROM ecommerce_list WHERE cop_no = ${`C${n}`}`.execute(platform.db.kysely)
      ).rows,
    close: () => platform.close(),
  };
}

export type CebGateway = Awaited<ReturnType<typeof cebGatewayPlatform>>;

/** Counts rows of the module's tables, to show a refusal changed nothing. */
export async function tableCounts(gateway: CebGateway): Promise<Record<string, number>> {
  const tables = [
    'ecommerce_order',
    'ecommerce_payment',
    'ecommerce_waybill',
    'ecommerce_list',
    'ecommerce_quota',
    'ecommerce_tax_bill',
    'ecommerce_waybill_status',
    'ecommerce_delivery',
    'ecommerce_return',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await gateway.rows(sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`);
    counts[table] = Number(row!.n);
  }
  return counts;
}
