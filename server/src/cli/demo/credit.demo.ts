import type { Credit, CreditFact, EnterpriseType } from '../../modules/credit/index.ts';
import { usccCheckCharacter } from '../../modules/credit/index.ts';
import type { OperatorPrincipal } from '../../platform/identity/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import { DEMO_ENTERPRISES } from './identity.demo.ts';

interface DemoEnterprise {
  code: string;
  nameZh: string;
  nameEn: string;
  district: string;
  types: EnterpriseType[];
  /** How the year went: shapes the facts generated. */
  profile: 'clean' | 'busy' | 'sloppy' | 'arrears' | 'smuggling';
  certified?: 'aeo_advanced' | 'aeo_general';
}

const SH = ['2200', '2201'];
const KINDS: [EnterpriseType, string, string][] = [
  ['consignee_consignor', '进出口', 'Import Export'],
  ['customs_broker', '报关', 'Customs Brokerage'],
  ['ecommerce_platform', '跨境电商平台', 'Cross-border Platform'],
  ['ecommerce_merchant', '跨境电商', 'Cross-border Merchant'],
  ['payment_company', '支付', 'Payments'],
  ['logistics_company', '国际物流', 'International Logistics'],
  ['bonded_zone_operator', '保税仓储', 'Bonded Warehousing'],
  ['processing_trade', '加工制造', 'Processing Manufacturing'],
  ['supervised_site_operator', '跨境监管场所', 'Cross-border Supervised Site'],
];
const PROFILES: DemoEnterprise['profile'][] = [
  'busy',
  'clean',
  'sloppy',
  'busy',
  'arrears',
  'clean',
  'busy',
  'smuggling',
];

/** The three identity demo enterprises plus two of each type across Shanghai (2200, 2201) and Guangzhou (5100). */
export function demoCreditEnterprises(): DemoEnterprise[] {
  const named: DemoEnterprise[] = [
    {
      ...pick(0),
      types: ['consignee_consignor', 'processing_trade'],
      profile: 'busy',
      certified: 'aeo_advanced',
    },
    { ...pick(1), types: ['ecommerce_merchant', 'ecommerce_platform'], profile: 'clean' },
    { ...pick(2), types: ['customs_broker'], profile: 'busy', certified: 'aeo_general' },
  ];
  const more = KINDS.flatMap(([type, zh, en], i) =>
    [0, 1].map((j): DemoEnterprise => {
      const gz = j === 1;
      const district = gz ? '5100' : SH[i % 2]!;
      return {
        code: `${gz ? '4401' : '3122'}${gz ? '96' : '98'}${String(100 + i * 2 + j).padStart(4, '0')}`,
        nameZh: `${gz ? '广州' : '上海'}示例${zh}${gz ? '有限公司' : '股份有限公司'}`,
        nameEn: `${gz ? 'Guangzhou' : 'Shanghai'} Demo ${en} Co., Ltd.`,
        district,
        types: [type],
        profile: PROFILES[(i + j * 3) % PROFILES.length]!,
        ...(i === 5 && !gz ? { certified: 'aeo_advanced' as const } : {}),
      };
    }),
  );
  return [...named, ...more];
}

function pick(i: number): Omit<DemoEnterprise, 'types' | 'profile'> {
  const e = DEMO_ENTERPRISES[i]!;
  const en = [
    'Shanghai Demo Import Export Trading Co., Ltd.',
    'Guangzhou Demo Cross-border E-commerce Co., Ltd.',
    'Shanghai Demo Customs Brokerage Co., Ltd.',
  ][i]!;
  return { code: e.code, nameZh: e.name, nameEn: en, district: e.district };
}

/** A valid unified social credit code derived from the customs code (GB 32100-2015 check character). */
export function demoUscc(code: string): string {
  const division = code.startsWith('44') ? '440106' : '310115';
  const first17 = `91${division}MA${code.slice(-7)}`;
  return first17 + usccCheckCharacter(first17);
}

/** A year of monthly facts for a profile, ending on `today`. */
export function demoFacts(e: DemoEnterprise, today: string): CreditFact[] {
  const facts: CreditFact[] = [];
  const seed = Number(e.code.slice(-4));
  const end = new Date(`${today}T00:00:00Z`);
  for (let m = 11; m >= 0; m--) {
    const day = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - m, 1)).toISOString().slice(0, 10);
    const volume = e.profile === 'busy' ? 40 + ((seed + m) % 20) : 8 + ((seed + m) % 6);
    const at = (kind: CreditFact['kind'], count: number, amount?: string): void => {
      if (count > 0)
        facts.push({ enterpriseCode: e.code, kind, occurredOn: day, count, amount, source: 'demo' });
    };
    at('declarations', volume);
    at('inspections', Math.max(1, Math.round(volume * (e.certified === 'aeo_advanced' ? 0.004 : 0.03))));
    at('declaration_errors', e.profile === 'sloppy' ? Math.ceil(volume / 10) : m % 6 === 0 ? 1 : 0);
    at('inspection_findings', e.profile === 'sloppy' && m % 2 === 0 ? 1 : 0);
  }
  if (e.profile === 'sloppy')
    facts.push({
      enterpriseCode: e.code,
      kind: 'admin_penalty',
      occurredOn: facts[20]!.occurredOn,
      count: 1,
      amount: '20000.00',
      source: 'demo',
    });
  if (e.profile === 'arrears')
    facts.push({
      enterpriseCode: e.code,
      kind: 'tax_arrears',
      occurredOn: facts[4]!.occurredOn,
      count: 1,
      amount: '186530.40',
      source: 'demo',
    });
  if (e.profile === 'smuggling')
    facts.push({
      enterpriseCode: e.code,
      kind: 'smuggling_case',
      occurredOn: facts.at(-6)!.occurredOn,
      count: 1,
      source: 'demo',
      ref: 'demo-case',
    });
  return facts;
}

/**
 * Registers the demo enterprises that are missing, with a year of facts, certifications and last
 * year's annual reports, then runs today's re-score. Idempotent. `facts: false` registers only.
 */
export async function seedCreditDemo(credit: Credit, options: { facts?: boolean } = {}): Promise<number> {
  const operator: OperatorPrincipal = { kind: 'operator', name: 'seed' };
  const today = chinaDay(new Date());
  let added = 0;
  for (const e of demoCreditEnterprises()) {
    if (await credit.findEnterprise(e.code)) continue;
    const uscc = demoUscc(e.code);
    await credit.enterprises.register(operator, {
      code: e.code,
      uscc,
      nameZh: e.nameZh,
      nameEn: e.nameEn,
      address: `${e.district.startsWith('22') ? '上海市浦东新区' : '广州市天河区'}示例路 ${Number(e.code.slice(-3))} 号`,
      district: e.district,
      types: e.types,
      registeredOn: `${Number(today.slice(0, 4)) - 3}-01-15`,
    });
    added++;
    if (options.facts === false) continue;
    await credit.recordFacts(operator, demoFacts(e, today));
    if (e.certified)
      await credit.standing.certify(operator, e.code, {
        level: e.certified,
        validFrom: `${Number(today.slice(0, 4)) - 2}-03-01`,
        note: 'demo',
      });
    if (e.profile !== 'arrears')
      await credit.annualReports.file(operator, {
        enterpriseCode: e.code,
        year: Number(today.slice(0, 4)) - 1,
        uscc,
        nameZh: e.nameZh,
        totalAssets: '12500000.00',
        totalLiabilities: e.profile === 'sloppy' ? '13100000.00' : '5200000.00',
        revenue: '30800000.00',
        employees: 120,
      });
  }
  if (options.facts !== false) await credit.rescore(operator, today);
  return added;
}
