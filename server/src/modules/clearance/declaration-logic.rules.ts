import { Dec } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { CodeLookup, DeclarationContent, TariffLineFacts } from './declaration.model.ts';

export type CheckMode = 'save' | 'declare';

export interface CheckContext {
  codes: CodeLookup;
  /** The declaration's date (YYYY-MM-DD): code sets and tariff lines in force that day apply. */
  onDate: string;
  tariffLine(hsCode: string, onDate: string): TariffLineFacts | undefined;
}

/** Whether an item's total is its unit price times quantity, within the rounding of a 4-decimal price. */
export function totalMatches(unitPrice: string, quantity: string, total: string): boolean {
  const expected = new Dec(unitPrice).times(quantity);
  const tolerance = Dec.max(new Dec('0.01'), new Dec(quantity).times('0.00005'));
  return expected.minus(total).abs().lte(tolerance);
}

// 征免性质 allowed per 监管方式. Processing trade runs on its own levy natures (502 来料加工,
// 503 进料加工, 501 加工设备); general trade uses general levy or a reduction programme, never those.
const PROCESSING_SUPPLIED = ['0214', '0255', '0258', '0265', '0300', '0345'];
const PROCESSING_IMPORTED = ['0615', '0654', '0657', '0664', '0700', '0715', '0744'];

export function isLevyNatureAllowed(tradeMode: string, levyNature: string): boolean {
  if (PROCESSING_SUPPLIED.includes(tradeMode)) return levyNature === '502';
  if (PROCESSING_IMPORTED.includes(tradeMode)) return levyNature === '503';
  if (tradeMode === '0420') return levyNature === '501';
  if (tradeMode === '0110') return !/^[235]/.test(levyNature);
  return true;
}

// 征免方式 allowed per 征免性质: general levy is levied in full; processing trade is bonded
// (exempt, or secured by deposit or bank guarantee); reduction programmes may levy, halve or exempt.
export function isDutyModeAllowed(levyNature: string, dutyMode: string): boolean {
  if (['101', '118', '119'].includes(levyNature)) return dutyMode === '1';
  if (['501', '502', '503'].includes(levyNature)) return ['3', '6', '7'].includes(dutyMode);
  if (levyNature === '201' || levyNature === '801' || levyNature === '802')
    return ['3', '5'].includes(dutyMode);
  return true;
}

/** The logic between fields; `isBad(path)` says a field already failed its own check. */
export function crossFieldIssues(
  content: DeclarationContent,
  mode: CheckMode,
  ctx: CheckContext,
  isBad: (path: string) => boolean,
): Issue[] {
  const issues: Issue[] = [];
  const head = content.head;
  const ok = (path: string, value: string | undefined): value is string => !!value && !isBad(path);
  const declaring = mode === 'declare';

  if (ok('head.netWeight', head.netWeight) && ok('head.grossWeight', head.grossWeight)) {
    if (new Dec(head.netWeight).gt(head.grossWeight))
      issues.push({ path: 'head.netWeight', rule: 'net_over_gross' });
  }
  // Import valued FOB needs the freight to reach the CIF dutiable value.
  if (declaring && head.ieFlag === 'I' && head.transactionTerms === '3' && !head.freightMark) {
    issues.push({ path: 'head.freightMark', rule: 'freight_required_for_fob' });
  }
  for (const prefix of ['freight', 'insurance', 'other'] as const) {
    const mark = head[`${prefix}Mark`];
    if (!mark) continue;
    if (!head[`${prefix}Rate`])
      issues.push({ path: `head.${prefix}Rate`, rule: 'required_with', params: { field: `${prefix}Mark` } });
    if (mark !== '1' && !head[`${prefix}Currency`]) {
      issues.push({
        path: `head.${prefix}Currency`,
        rule: 'required_with',
        params: { field: `${prefix}Mark` },
      });
    }
  }

  const licenceCodes = new Set(content.licences.map((l) => l.code).filter(Boolean));
  content.items.forEach((item, i) => {
    const at = (field: string) => `items[${i}].${field}`;
    if (item.itemNo && !isBad(at('itemNo')) && Number(item.itemNo) !== i + 1) {
      issues.push({ path: at('itemNo'), rule: 'item_sequence', params: { expected: i + 1 } });
    }
    if (
      ok(at('unitPrice'), item.unitPrice) &&
      ok(at('quantity'), item.quantity) &&
      ok(at('total'), item.total)
    ) {
      if (!totalMatches(item.unitPrice, item.quantity, item.total)) {
        issues.push({
          path: at('total'),
          rule: 'total_mismatch',
          params: { expected: new Dec(item.unitPrice).times(item.quantity).toFixed(4) },
        });
      }
    }
    if (ok('head.levyNature', head.levyNature) && ok(at('dutyMode'), item.dutyMode)) {
      if (!isDutyModeAllowed(head.levyNature, item.dutyMode)) {
        issues.push({
          path: at('dutyMode'),
          rule: 'duty_mode_not_for_levy_nature',
          params: { levyNature: head.levyNature },
        });
      }
    }
    // The JSON API says what it means: origin is where goods were made, destination where they go.
    if (declaring && ok(at('destinationCountry'), item.destinationCountry)) {
      if (head.ieFlag === 'I' && item.destinationCountry !== 'CHN') {
        issues.push({ path: at('destinationCountry'), rule: 'import_destination_china' });
      }
      if (head.ieFlag === 'E' && item.destinationCountry === 'CHN') {
        issues.push({ path: at('destinationCountry'), rule: 'export_destination_abroad' });
      }
    }
    if (!ok(at('hsCode'), item.hsCode)) return;
    if (!/^\d{10}$/.test(item.hsCode)) {
      issues.push({ path: at('hsCode'), rule: 'hs_code_format' });
      return;
    }
    if (!ctx.codes.findTariffLine(item.hsCode, ctx.onDate)) {
      issues.push({
        path: at('hsCode'),
        rule: 'unknown_tariff_line',
        params: { code: item.hsCode.slice(0, 8), onDate: ctx.onDate },
      });
      return;
    }
    const facts = ctx.tariffLine(item.hsCode, ctx.onDate);
    if (!declaring || !facts) return;
    if (facts.legalUnit) {
      if (item.legalUnit !== facts.legalUnit) {
        issues.push({ path: at('legalUnit'), rule: 'legal_unit', params: { unit: facts.legalUnit } });
      }
      if (!item.legalQuantity)
        issues.push({ path: at('legalQuantity'), rule: 'required', params: { element: 'FirstQty' } });
    }
    if (facts.secondUnit && (item.secondUnit !== facts.secondUnit || !item.secondQuantity)) {
      issues.push({ path: at('secondQuantity'), rule: 'second_unit', params: { unit: facts.secondUnit } });
    }
    const direction = head.ieFlag === 'E' ? 'E' : 'I';
    for (const code of facts.licenceCodes?.[direction] ?? []) {
      if (!licenceCodes.has(code))
        issues.push({ path: 'licences', rule: 'licence_required', params: { code, item: i + 1 } });
    }
  });

  if (ok('head.tradeMode', head.tradeMode) && ok('head.levyNature', head.levyNature)) {
    if (!isLevyNatureAllowed(head.tradeMode, head.levyNature)) {
      issues.push({
        path: 'head.levyNature',
        rule: 'levy_nature_not_for_trade_mode',
        params: { tradeMode: head.tradeMode },
      });
    }
  }
  const itemCount = content.items.length;
  content.containers.forEach((container, i) => {
    for (const no of (container.itemNos ?? '').split(',').filter(Boolean)) {
      if (!/^\d+$/.test(no) || Number(no) < 1 || Number(no) > itemCount) {
        issues.push({ path: `containers[${i}].itemNos`, rule: 'unknown_item', params: { item: no } });
      }
    }
  });
  return issues;
}
