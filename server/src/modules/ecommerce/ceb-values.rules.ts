import type { Issue } from '../../platform/errors/index.ts';
import { childNamed, type XmlElement } from '../../platform/exchange/index.ts';
import type { CebMessageType } from './ceb.fields.ts';

// The standard's value rules (cross-border-ecommerce.md §3.3, §8) on a document already checked against its
// field specs: what a field's text may say, and how a document's numbers must agree. Read by `readCebTree`.

/** A document's fields by element name, as sent (text trimmed). */
type Fields = Record<string, string>;

const DECIMAL = /^-?\d{1,17}(\.\d{1,5})?$/;
// Amounts, quantities and prices are never negative: a negative freight or price would lower the
// taxable value and the quota taken.
const NEGATIVE = /^-/;
const MONEY_FIELDS = [
  'goodsValue',
  'freight',
  'discount',
  'taxTotal',
  'acturalPaid',
  'amountPaid',
  'insuredFee',
];
const LINE_NUMBERS = ['qty', 'price', 'totalPrice'];
// Weights N19,5 (kg) on heads; quantities N19,4 on lines (§8.5). Checked where they are sent.
const WEIGHT_FIELDS = ['grossWeight', 'netWeight', 'weight'];
const WEIGHT = /^\d{1,14}(\.\d{1,5})?$/;
const QUANTITY_FIELDS = ['qty', 'qty1', 'qty2'];
const QUANTITY = /^\d{1,15}(\.\d{1,4})?$/;
// 件数: a whole number of packages.
const PACKAGES = /^[1-9]\d{0,8}$/;
// Amounts are N19,2 (§8.3, §8.5): yuan to the fen. A third decimal would be rounded away in one check and
// counted in another.
const MONEY = /^-?\d{1,17}(\.\d{1,2})?$/;
// 公民身份号码 (GB 11643): 17 digits and a check character. In ASCII only: a full-width digit or a space
// would make the same buyer another one, with an annual quota of their own.
const ID_CARD = /^\d{17}[\dXx]$/;
// 企业系统生成36位唯一序号（英文字母大写）(§8): a UUID in capitals, so one GUID has one spelling.
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
// yyyyMMdd, a day of the calendar (20260230 is not: it would be read as 2 March).
const DATE_SHAPE = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
const isDate = (value: string) => DATE_SHAPE.test(value) && isCalendarDay(value);
// 1 to 9999, written without leading zeros: lines are matched across documents by this text.
const GNUM = /^[1-9]\d{0,3}$/;
// 直购进口 9610, 保税进口 1210 and 1239 (§8.5)
const IMPORT_TRADE_MODES = ['9610', '1210', '1239'];
const bonded = (head: Fields) => head.tradeMode === '1210' || head.tradeMode === '1239';
// A unit price of two decimals is itself rounded, by up to half a fen per unit: a line's total may
// differ from quantity × price by that much (7 for 100.00 is 14.29 each), and at least one fen.
const lineTotalToleranceFen = (qty: string) => Math.max(1, Math.ceil(Number(qty) * 0.5));
// yyyyMMddHHmmss (cross-border-ecommerce.md §6), on a day of the calendar.
const TIMESTAMP_SHAPE = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
const isTimestamp = (value: string) => TIMESTAMP_SHAPE.test(value) && isCalendarDay(value.slice(0, 8));

function isCalendarDay(yyyymmdd: string): boolean {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  const day = new Date(Date.UTC(y!, m! - 1, d!));
  return day.getUTCMonth() === m! - 1 && day.getUTCDate() === d;
}

/** The path of a head field as sent, or where it belongs. */
export function pathOf(element: XmlElement, name: string): string {
  return childNamed(element, name)?.path ?? `${element.path}/${name}`;
}

/** Value rules on top of the field specs: GUID shape, appType, decimals, RMB, ID card, 513/711 codes (§3.3, §8). */
export function checkValues(
  type: CebMessageType,
  headEl: XmlElement,
  head: Fields,
  lineEls: XmlElement[],
  lines: Fields[],
): Issue[] {
  const issues: Issue[] = [];
  const oneOf = (name: string, allowed: string[]) => {
    if (head[name] && !allowed.includes(head[name]!))
      issues.push({ path: pathOf(headEl, name), rule: 'one_of', params: { allowed } });
  };
  const format = (name: string, pattern: RegExp | ((value: string) => boolean), shape: string) => {
    const valid = typeof pattern === 'function' ? pattern : (value: string) => pattern.test(value);
    if (head[name] && !valid(head[name]!))
      issues.push({ path: pathOf(headEl, name), rule: 'format', params: { format: shape } });
  };
  format('guid', GUID, 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX (hex, capitals)');
  format('appTime', isTimestamp, 'yyyyMMddHHmmss');
  format('payTime', isTimestamp, 'yyyyMMddHHmmss');
  format('ieDate', isDate, 'yyyyMMdd');
  for (const name of WEIGHT_FIELDS) format(name, WEIGHT, 'N19,5');
  if (type !== 'CEB621Message') format('packNo', PACKAGES, 'a whole number of packages');
  // 1 新增, 2 变更, 3 删除 are all valid codes; which the gateway acts on is a business rule (gateway).
  oneOf('appType', ['1', '2', '3']);
  oneOf('appStatus', ['1', '2']);
  for (const name of MONEY_FIELDS) {
    if (head[name] && !DECIMAL.test(head[name]!))
      issues.push({ path: pathOf(headEl, name), rule: 'decimal' });
    else if (head[name] && NEGATIVE.test(head[name]!))
      issues.push({ path: pathOf(headEl, name), rule: 'min', params: { min: 0 } });
    else if (head[name] && !MONEY.test(head[name]!))
      issues.push({ path: pathOf(headEl, name), rule: 'money' });
  }
  oneOf('currency', ['142']);
  oneOf('buyerIdType', ['1']);
  oneOf('payerIdType', ['1']);
  const idCard = '17 digits and a digit or X (身份证号码, ASCII)';
  format('buyerIdNumber', ID_CARD, idCard);
  format('payerIdNumber', ID_CARD, idCard);
  if (type === 'CEB513Message') {
    // 物流签收状态，限定S (code-lists.md §11)
    oneOf('logisticsStatus', ['S']);
    format('logisticsTime', isTimestamp, 'yyyyMMddHHmmss');
  }
  if (type === 'CEB711Message') oneOf('ieFlag', ['I']);
  if (type === 'CEB311Message') oneOf('orderType', ['I']);
  if (type === 'CEB621Message') {
    // 企业内部编号 (Y*): the CEB622 receipt must carry it (§8.6), so a list without one is refused.
    if (!head.copNo) issues.push({ path: pathOf(headEl, 'copNo'), rule: 'required' });
    oneOf('ieFlag', ['I']);
    oneOf('tradeMode', IMPORT_TRADE_MODES);
    // 件数为包裹数量，限定为1 (§8.13)
    oneOf('packNo', ['1']);
    format('declTime', isDate, 'yyyyMMdd');
    // 担保扣税的企业，只限清单的电商平台/电商企业/物流企业 (§8.5)
    // (§12 also names the declaring agent, 申报企业, among those who collect the tax for customs.)
    const parties = [
      ...new Set(
        [head.ebpCode, head.ebcCode, head.logisticsCode, head.agentCode].filter((c): c is string => !!c),
      ),
    ];
    if (head.assureCode && !parties.includes(head.assureCode))
      issues.push({ path: pathOf(headEl, 'assureCode'), rule: 'one_of', params: { allowed: parties } });
    // What each import mode must say (§8.5): 直购 (9610) the crossing — 运输工具、航次、提运单 直购必填; 保税 (1210,
    // 1239) the zone's ledger and enterprise — 账册编号、区内企业 保税模式必填, goods leaving China's own zone (起运国 142).
    const byMode = (name: string) => {
      if (!head[name])
        issues.push({ path: pathOf(headEl, name), rule: 'required', params: { tradeMode: head.tradeMode } });
    };
    if (head.tradeMode === '9610') for (const name of ['trafNo', 'voyageNo', 'billNo']) byMode(name);
    if (bonded(head)) {
      for (const name of ['emsNo', 'areaCode', 'areaName']) byMode(name);
      oneOf('country', ['142']);
    }
  }
  const priced = type === 'CEB311Message' || type === 'CEB621Message';
  let linesFen = 0;
  const gnums = new Set<number>();
  lines.forEach((line, i) => {
    const at = (name: string) => pathOf(lineEls[i]!, name);
    let numbers = true;
    const flagged = new Set<string>();
    for (const name of LINE_NUMBERS) {
      if (line[name] && !DECIMAL.test(line[name]!)) {
        issues.push({ path: at(name), rule: 'decimal' });
        flagged.add(name);
      } else if (line[name] && NEGATIVE.test(line[name]!)) {
        issues.push({ path: at(name), rule: 'min', params: { min: 0 } });
        flagged.add(name);
      }
    }
    for (const name of QUANTITY_FIELDS)
      if (!flagged.has(name) && line[name] && !QUANTITY.test(line[name]!)) {
        issues.push({ path: at(name), rule: 'format', params: { format: 'N19,4' } });
        flagged.add(name);
      }
    if (flagged.size > 0) numbers = false;
    if (!priced) return;
    // A line's total is money (N19,2); so is a list line's unit price (§8.5). An order's price may be finer.
    const decimals = numbers;
    for (const name of type === 'CEB621Message' ? ['price', 'totalPrice'] : ['totalPrice'])
      if (decimals && line[name] && !MONEY.test(line[name]!)) {
        issues.push({ path: at(name), rule: 'money' });
        numbers = false;
      }
    // 账册备案料号 保税进口必填: the line is taken off the zone's ledger by it.
    if (type === 'CEB621Message' && bonded(head) && !line.itemRecordNo)
      issues.push({ path: at('itemRecordNo'), rule: 'required', params: { tradeMode: head.tradeMode } });
    // 币制 限定为人民币 142 on each line as on the head: a line in another currency would be taxed as yuan.
    if (line.currency && line.currency !== '142')
      issues.push({ path: at('currency'), rule: 'one_of', params: { allowed: ['142'] } });
    // 序号 从1连续，与电子订单表体序号一一对应 (§8.5): a list's lines numbered 1, 2, 3 … in order; an order's
    // numbered 1 to n in any order. Either way no line is named twice.
    if (type === 'CEB621Message' && line.gnum && (!GNUM.test(line.gnum) || Number(line.gnum) !== i + 1))
      issues.push({ path: at('gnum'), rule: 'sequence', params: { expected: i + 1 } });
    if (type === 'CEB311Message' && line.gnum) {
      const n = Number(line.gnum);
      if (!GNUM.test(line.gnum) || n < 1 || n > lines.length || gnums.has(n))
        issues.push({ path: at('gnum'), rule: 'sequence', params: { expected: `1..${lines.length}` } });
      gnums.add(n);
    }
    if (!numbers || !line.qty || !line.price || !line.totalPrice) return;
    const totalFen = toFen(line.totalPrice);
    const expectedFen = Math.round(Number(line.qty) * Number(line.price) * 100);
    if (Math.abs(totalFen - expectedFen) > lineTotalToleranceFen(line.qty))
      issues.push({
        path: at('totalPrice'),
        rule: 'total',
        params: { of: 'qty × price', expected: (expectedFen / 100).toFixed(2) },
      });
    linesFen += totalFen;
  });
  // 商品价格: the goods' actual price, the sum of the order's lines (what the list's lines are matched to).
  if (
    type === 'CEB311Message' &&
    head.goodsValue &&
    DECIMAL.test(head.goodsValue) &&
    lines.length > 0 &&
    // Not when a line's own numbers are wrong: their sum would be named as the expected value.
    !issues.some((issue) => ['total', 'decimal', 'min', 'format', 'money'].includes(issue.rule)) &&
    toFen(head.goodsValue) !== linesFen
  )
    issues.push({
      path: pathOf(headEl, 'goodsValue'),
      rule: 'total',
      params: { of: 'OrderList/totalPrice', expected: (linesFen / 100).toFixed(2) },
    });
  return issues;
}

/** An amount of at most two decimals in fen, exactly (larger scales rounded to the fen). */
function toFen(value: string): number {
  return Math.round(Number(value) * 100);
}
