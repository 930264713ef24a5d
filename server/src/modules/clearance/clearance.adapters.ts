import { Dec, type Executor, toMoney } from '../../platform/db/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { Credit } from '../credit/index.ts';
import type { CreditLevel, Risk } from '../risk/index.ts';
import type { ClearanceRiskInput, CreditPort, RiskOutcome, RiskPort } from './clearance.ports.ts';

/** Converts an amount in a currency (ISO alpha) to CNY at the month's customs rate. */
export type ToCny = (amount: string, currency: string, onDate: string) => Promise<string>;

/** Clearance's view of the risk module: a declaration becomes a risk subject valued in CNY. */
export function riskPortFrom(risk: Risk, toCny: ToCny): RiskPort {
  return {
    async assess(tx: Executor, input: ClearanceRiskInput): Promise<RiskOutcome> {
      const { head, items } = input.content;
      const onDate = chinaDay(input.declaredAt);
      const valued = await Promise.all(
        items.map(async (item) => ({
          hsCode: item.hsCode ?? '',
          originCountry: item.originCountry ?? '',
          quantity: item.quantity ?? '0',
          unit: item.unit ?? '',
          valueCny: toMoney(await toCny(item.total ?? '0', item.currency ?? 'CNY', onDate)),
          name: item.name ?? '',
        })),
      );
      const decision = await risk.assess(
        {
          kind: 'declaration',
          id: input.declarationId,
          declaredAt: input.declaredAt,
          district: input.district,
          enterpriseCode: input.enterpriseCode,
          creditLevel: input.creditLevel as CreditLevel,
          targetInspectionRate: input.targetInspectionRate,
          ieFlag: head.ieFlag === 'E' ? 'E' : 'I',
          tradeMode: head.tradeMode ?? '',
          transportMode: head.transportMode ?? '',
          tradeCountry: head.tradeCountry ?? '',
          totalValueCny: toMoney(valued.reduce((sum, item) => sum.plus(item.valueCny), new Dec(0))),
          items: valued,
        },
        tx,
      );
      return {
        channel: decision.channel,
        decisionId: decision.id,
        sampled: decision.sampling.sampled,
        reasons: decision.firedRules.map((rule) => ({
          ruleId: rule.ruleId,
          channel: rule.channel,
          text: rule.reason,
        })),
      };
    },
  };
}

/** Clearance's view of the credit module: the measures that set sampling and aggregate payment. */
export function creditPortFrom(credit: Credit): CreditPort {
  return {
    async measures(enterpriseCode, onDate) {
      const measures = await credit.getMeasures(enterpriseCode, onDate);
      return {
        creditLevel: measures.level,
        targetInspectionRate: measures.targetInspectionRate,
        aggregatePayment: measures.aggregateTaxPayment,
      };
    },
  };
}
