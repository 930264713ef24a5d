import { sql } from 'kysely';
import type { TestPlatform } from './platform.ts';

/** A scope fixture of the access matrix for the e-commerce routes. */
export interface EcommerceScopeFixture {
  create(platform: TestPlatform): Promise<Record<string, string>>;
  body?: object;
  outsideScope: string[];
  inScope: string[];
}

let serial = 0;

// An inventory list sent by 3120980001 and declared at Shanghai customs (2244, under 2200): another
// enterprise, officers of another district and of the subordinate office 2201 get 404.
async function list(
  platform: TestPlatform,
  status = 'pending',
  returnStatus = '120',
): Promise<Record<string, string>> {
  serial += 1;
  const preNo = `B20261111${String(900_000_000 + serial)}`;
  const head = {
    orderNo: `M${serial}`,
    ebpCode: '3120980001',
    agentCode: '3120980001',
    logisticsCode: '3122980110',
  };
  await sql`INSERT INTO ecommerce_list (id, sender, guid, order_key, parcel_key, cop_no, pre_no, customs_code, ebc_code,
      buyer_hash, status, return_status, doc, created_at)
    VALUES (${`matrix-${serial}`}, '3120980001', ${`matrix-${serial}`}, ${`3120980001|M${serial}`},
      ${`3122980110|M${serial}`}, ${`C${serial}`}, ${preNo}, '2244', '3120980001', 'h1:matrix', ${status}, ${returnStatus},
      ${JSON.stringify({ head, lines: [] })}, ${new Date().toISOString()})`.execute(platform.db.kysely);
  return { number: preNo };
}

// A month of tax bills guaranteed by 3120980001 at Shanghai customs (2244): the same callers as a list's.
async function taxSummary(platform: TestPlatform): Promise<Record<string, string>> {
  serial += 1;
  const period = `${2000 + serial}-12`;
  await sql`INSERT INTO ecommerce_tax_summary (assure_code, customs_code, period, bills, customs_tax, value_added_tax,
      consumption_tax, updated_at)
    VALUES ('3120980001', '2244', ${period}, 0, '0.00', '0.00', '0.00', ${new Date().toISOString()})`.execute(
    platform.db.kysely,
  );
  return { assureCode: '3120980001', customsCode: '2244', period };
}

export const ECOMMERCE_FIXTURES: Record<string, EcommerceScopeFixture> = {
  'GET /api/v1/ecommerce/lists/:number': {
    create: list,
    outsideScope: ['gzshop.declarant', 'gz.risk-analyst', 'pudong.reviewer'],
    inScope: ['shtrade.declarant', 'shtrade.manager', 'sh.risk-analyst', 'sh.reviewer', 'hq.reviewer'],
  },
  // A list held for review: officers of another district get 404 (enterprises lack the permission: 403).
  'POST /api/v1/ecommerce/lists/:number/conclusion': {
    create: (platform) => list(platform, 'held', '300'),
    body: { outcome: 'refuse', note: '复核不通过' },
    outsideScope: ['gz.reviewer', 'pudong.reviewer'],
    inScope: ['sh.reviewer', 'hq.reviewer'],
  },
  'GET /api/v1/ecommerce/tax-summaries/:assureCode/:customsCode/:period/bills': {
    create: taxSummary,
    outsideScope: ['gzshop.declarant', 'gz.risk-analyst', 'pudong.reviewer'],
    inScope: ['shtrade.declarant', 'sh.tax-officer', 'sh.risk-analyst', 'hq.reviewer'],
  },
};
