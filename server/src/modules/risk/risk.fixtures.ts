import type { RiskItem, RiskSubject } from './risk.types.ts';

/** A plain general-trade import by a general-credit enterprise in Shanghai; override what a case needs. */
export function buildSubject(overrides: Partial<RiskSubject> = {}): RiskSubject {
  return {
    kind: 'declaration',
    id: 'D220020260000001',
    declaredAt: '2026-03-02T01:00:00.000Z',
    district: '2200',
    enterpriseCode: '3120980001',
    creditLevel: 'general',
    targetInspectionRate: '0',
    ieFlag: 'I',
    tradeMode: '0110',
    transportMode: '2',
    tradeCountry: 'USA',
    totalValueCny: '12000.00',
    items: [buildItem()],
    history: { priorDeclarations: 40, priorFindings: 0 },
    ...overrides,
  };
}

export function buildItem(overrides: Partial<RiskItem> = {}): RiskItem {
  return {
    hsCode: '6109100010',
    originCountry: 'USA',
    quantity: '100',
    unit: '011',
    valueCny: '12000.00',
    name: 'cotton T-shirts',
    ...overrides,
  };
}
