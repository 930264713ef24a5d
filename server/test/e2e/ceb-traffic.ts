import { cebSamples } from '../../src/modules/ecommerce/index.ts';
import type { ApiCall } from './console-harness.ts';

const {
  cebMessage,
  SAMPLE_PARTIES: P,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
} = cebSamples;
type SampleTransaction = cebSamples.SampleTransaction;

const transaction = (n: number, over: Partial<SampleTransaction> = {}): SampleTransaction => ({
  n,
  ...P,
  buyerId: `31010119900101${String(n).padStart(4, '0')}`,
  lines: [{ gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' }],
  ...over,
});

type Send = (
  type: string,
  sender: string,
  documents: string[],
) => Promise<{ status: string; data: Record<string, unknown> }[]>;

/** API keys for the sample parties from a system administrator, and a way to send CEB XML as each. */
async function cebSender(baseUrl: string, admin: ApiCall): Promise<Send> {
  const keys: Record<string, string> = {};
  for (const code of new Set([P.ebcCode, P.payCode, P.logisticsCode])) {
    const issued = await admin('/api/v1/identity/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enterpriseCode: code, name: 'e2e', scopes: ['ecommerce.submit'] }),
    });
    if (issued.status !== 201)
      throw new Error(`api key for ${code}: ${issued.status} ${await issued.text()}`);
    keys[code] = ((await issued.json()) as { key: string }).key;
  }
  return async (type, sender, documents) => {
    const response = await fetch(`${baseUrl}/api/v1/ecommerce/messages`, {
      method: 'POST',
      headers: { 'x-api-key': keys[sender] ?? '', 'content-type': 'application/xml' },
      body: cebMessage(type, sender, documents),
    });
    if (response.status !== 200) throw new Error(`${type}: ${response.status} ${await response.text()}`);
    const { results } = (await response.json()) as {
      results: { receipt: { status: string; data: Record<string, unknown> } }[];
    };
    return results.map((r) => r.receipt);
  };
}

/**
 * What the e-commerce monitor should show something of: complete transactions (released or held by
 * risk), one whose payment disagrees with its order (refused: mismatch), and one list still waiting
 * for its payment and waybill. The parties get API keys from a system administrator first.
 */
export async function sendCebTraffic(baseUrl: string, admin: ApiCall): Promise<void> {
  const send = await cebSender(baseUrl, admin);
  const complete = [1, 2, 3, 4, 5].map((n) => transaction(900 + n));
  const mismatched = transaction(906);
  const waiting = transaction(907);
  // Each family in one message of many documents, as platforms send them.
  await send('CEB311Message', P.ebcCode, [...complete, mismatched, waiting].map(sampleOrder));
  await send('CEB411Message', P.payCode, [
    ...complete.map(samplePayment),
    samplePayment({ ...mismatched, freight: '25.00' }),
  ]);
  await send('CEB511Message', P.logisticsCode, [...complete, mismatched].map(sampleWaybill));
  await send('CEB621Message', P.ebcCode, [...complete, mismatched, waiting].map(sampleInventory));
}

/**
 * Transactions numbered `numbers` whose lists the demo risk rules hold (medicines, named `medicine`: 300
 * for review, or 500 for inspection when sampled); answers each list's receipt status and invtNo.
 */
export async function sendHeldTraffic(
  baseUrl: string,
  admin: ApiCall,
  numbers: number[],
  medicine = '感冒药',
): Promise<{ status: string; invtNo: string }[]> {
  const send = await cebSender(baseUrl, admin);
  const held = numbers.map((n) =>
    transaction(n, {
      lines: [
        { gcode: '3004909099', name: medicine, qty: 2, price: '40.00' },
        { gcode: '3304990099', name: '护肤品', qty: 1, price: '150.00' },
      ],
    }),
  );
  await send('CEB311Message', P.ebcCode, held.map(sampleOrder));
  await send('CEB411Message', P.payCode, held.map(samplePayment));
  await send('CEB511Message', P.logisticsCode, held.map(sampleWaybill));
  const lists = await send('CEB621Message', P.ebcCode, held.map(sampleInventory));
  return lists.map((r) => ({ status: r.status, invtNo: String(r.data.invtNo) }));
}
