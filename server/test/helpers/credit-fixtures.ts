import { demoUscc } from '../../src/cli/demo/credit.demo.ts';
import type { OperatorPrincipal } from '../../src/platform/identity/index.ts';
import type { TestPlatform } from './platform.ts';

/** A scope fixture of the access matrix: a record of 3120980001 (2200), who must get 404, who must not. */
export interface CreditScopeFixture {
  create(platform: TestPlatform): Promise<Record<string, string>>;
  body?: object;
  outsideScope: string[];
  inScope: string[];
}

const operator: OperatorPrincipal = { kind: 'operator', name: 'matrix' };
const today = () => new Date().toISOString().slice(0, 10);
const shtrade = async () => ({ code: '3120980001' });
const E = '/api/v1/credit/enterprises/:code';
const readable = {
  create: shtrade,
  outsideScope: ['gzshop.manager', 'gz.reviewer'],
  inScope: ['shtrade.manager', 'sh.reviewer'],
};
const decided = (body: object) => ({
  create: shtrade,
  body,
  outsideScope: ['gz.reviewer'],
  inScope: ['sh.reviewer'],
});

/** A discredited Shanghai enterprise with a pending appeal. */
async function pendingAppeal(platform: TestPlatform): Promise<Record<string, string>> {
  const code = `31229870${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
  await platform.credit.enterprises.register(operator, {
    code,
    uscc: demoUscc(code),
    nameZh: '上海矩阵测试有限公司',
    nameEn: null,
    address: '上海市',
    district: '2200',
    types: ['consignee_consignor'],
  });
  await platform.credit.recordFacts(operator, [
    { enterpriseCode: code, kind: 'smuggling_case', occurredOn: today(), count: 1 },
  ]);
  await platform.db.transaction((tx) => platform.credit.rescorer.rescoreSome(tx, operator, [code], today()));
  const appeal = await platform.credit.standing.submitAppeal(operator, code, {
    kind: 'appeal',
    reason: 'matrix',
  });
  return { id: String(appeal.id) };
}

async function queuedReport(platform: TestPlatform): Promise<Record<string, string>> {
  const report = await platform.credit.annualReports.file(operator, {
    enterpriseCode: '3120980001',
    year: Number(today().slice(0, 4)) - 1,
    uscc: demoUscc('3120980001'),
    nameZh: '名称不符',
    totalAssets: '100.00',
    totalLiabilities: '10.00',
    revenue: '50.00',
    employees: 3,
  });
  return { id: String(report.id) };
}

export const CREDIT_FIXTURES: Record<string, CreditScopeFixture> = {
  [`GET ${E}`]: {
    ...readable,
    outsideScope: [...readable.outsideScope, 'pudong.inspector'],
    inScope: [...readable.inScope, 'hq.reviewer'],
  },
  [`PATCH ${E}`]: decided({ address: '上海市浦东新区示例路 1 号' }),
  [`GET ${E}/history`]: readable,
  [`POST ${E}/facts`]: {
    ...decided({ facts: [{ kind: 'declarations', occurredOn: today(), count: 3 }] }),
    inScope: ['sh.inspector'],
  },
  [`GET ${E}/facts`]: readable,
  [`GET ${E}/score`]: readable,
  [`GET ${E}/levels`]: readable,
  [`GET ${E}/measures`]: readable,
  [`POST ${E}/certifications`]: decided({ level: 'aeo_general', validFrom: '2025-01-01' }),
  [`POST ${E}/certifications/revoke`]: decided({ note: 'matrix' }),
  [`POST ${E}/appeals`]: {
    create: shtrade,
    body: { kind: 'appeal', reason: 'matrix' },
    outsideScope: ['gzshop.manager'],
    inScope: ['shtrade.manager'],
  },
  'POST /api/v1/credit/appeals/:id/decision': {
    create: pendingAppeal,
    body: { grant: false, note: 'matrix' },
    outsideScope: ['gz.reviewer'],
    inScope: ['sh.reviewer'],
  },
  'POST /api/v1/credit/annual-reports/:id/decision': {
    create: queuedReport,
    body: { accept: true },
    outsideScope: ['gz.reviewer'],
    inScope: ['sh.reviewer'],
  },
};

export const CREDIT_UNSCOPED: Record<string, string> = {
  'PUT /api/v1/credit/mra/partners/:economy': 'AEO mutual recognition is national, kept by headquarters',
  'PUT /api/v1/credit/mra/foreign-aeo/:economy/:aeoCode': 'foreign AEO statuses are national reference data',
  'GET /api/v1/credit/mra/foreign-aeo/:economy/:aeoCode': 'foreign AEO statuses are national reference data',
};
