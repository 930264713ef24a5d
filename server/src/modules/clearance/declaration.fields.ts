import { readFileSync } from 'node:fs';

/** One field of the DecMessage spec: its element, Chinese name, type, size and when it is required. */
export interface FieldSpec {
  /** Name in jinguan's JSON API. */
  name: string;
  /** Element name on the wire (kept exactly, misspellings included). */
  element: string;
  cn: string;
  type: 'String' | 'Decimal' | 'Integer' | 'Date';
  /** String: max length; Decimal: total digits and decimals; Integer: max digits. */
  length: number;
  scale: number;
  requiredOnSave: boolean;
  requiredOnDeclare: boolean;
  /** The code set a value must belong to, when it is coded. */
  codeSet?: CodedAs;
}

/** How a coded field is checked against reference data. */
export type CodedAs =
  | 'customsDistrict'
  | 'tradeMode'
  | 'levyNature'
  | 'dutyMode'
  | 'transactionTerm'
  | 'transportMode'
  | 'packageType'
  | 'unit'
  | 'countryIso'
  | 'currencyIso';

interface RawField {
  code: string;
  cn: string;
  type: string;
  length: string;
  requiredDraft: string;
  requiredDeclare: string;
}

const SPEC = JSON.parse(readFileSync(new URL('./data/dec-message-fields.json', import.meta.url), 'utf8')) as {
  tables: Record<string, { fields: RawField[] }>;
};

// Required only when the tariff line says so (a second legal unit); the logic checks it there.
const CONDITIONAL = new Set(['SecondQty']);

function fields(table: string, names: readonly (readonly [string, string, CodedAs?])[]): FieldSpec[] {
  const raw = new Map((SPEC.tables[table]?.fields ?? []).map((f) => [f.code, f]));
  const order = new Map((SPEC.tables[table]?.fields ?? []).map((f, i) => [f.code, i]));
  const sorted = [...names].sort((a, b) => (order.get(a[1]) ?? 0) - (order.get(b[1]) ?? 0));
  return sorted.map(([name, element, codeSet]) => {
    const f = raw.get(element);
    if (!f) throw new Error(`DecMessage spec has no ${table}.${element}`);
    const [length = '0', scale = '0'] = f.length.split(',');
    return {
      name,
      element,
      cn: f.cn,
      type: f.type as FieldSpec['type'],
      length: Number(length),
      scale: Number(scale),
      // The spec marks some fields "是/是"; anything starting with 是 means required.
      requiredOnSave: f.requiredDraft.startsWith('是'),
      requiredOnDeclare: f.requiredDeclare.startsWith('是') && !CONDITIONAL.has(element),
      codeSet,
    };
  });
}

/** The header fields jinguan models (DecHead), in wire order. */
export const HEAD_FIELDS: readonly FieldSpec[] = fields('DEC_HEAD', [
  ['agentCode', 'AgentCode'],
  ['agentName', 'AgentName'],
  ['billNo', 'BillNo'],
  ['contractNo', 'ContrNo'],
  ['copCode', 'CopCode'],
  ['copName', 'CopName'],
  ['customsMaster', 'CustomMaster', 'customsDistrict'],
  ['levyNature', 'CutMode', 'levyNature'],
  ['declTrnRel', 'DeclTrnRel'],
  ['destinationPort', 'DistinatePort'],
  ['ediId', 'EdiId'],
  ['entryType', 'EntryType'],
  ['freightCurrency', 'FeeCurr', 'currencyIso'],
  ['freightMark', 'FeeMark'],
  ['freightRate', 'FeeRate'],
  ['grossWeight', 'GrossWet'],
  ['ieDate', 'IEDate'],
  ['ieFlag', 'IEFlag'],
  ['iePort', 'IEPort', 'customsDistrict'],
  ['inputerName', 'InputerName'],
  ['insuranceCurrency', 'InsurCurr', 'currencyIso'],
  ['insuranceMark', 'InsurMark'],
  ['insuranceRate', 'InsurRate'],
  ['licenseNo', 'LicenseNo'],
  ['manualNo', 'ManualNo'],
  ['netWeight', 'NetWt'],
  ['note', 'NoteS'],
  ['otherCurrency', 'OtherCurr', 'currencyIso'],
  ['otherMark', 'OtherMark'],
  ['otherRate', 'OtherRate'],
  ['ownerCode', 'OwnerCode'],
  ['ownerName', 'OwnerName'],
  ['packageCount', 'PackNo'],
  ['tradeCountry', 'TradeCountry', 'countryIso'],
  ['tradeMode', 'TradeMode', 'tradeMode'],
  ['tradeCode', 'TradeCode'],
  ['transportMode', 'TrafMode', 'transportMode'],
  ['conveyanceName', 'TrafName'],
  ['tradeName', 'TradeName'],
  ['transactionTerms', 'TransMode', 'transactionTerm'],
  ['documentType', 'Type'],
  ['typistNo', 'TypistNo'],
  ['packageType', 'WrapType', 'packageType'],
  ['tradeCoScc', 'TradeCoScc'],
  ['agentCodeScc', 'AgentCodeScc'],
  ['ownerCodeScc', 'OwnerCodeScc'],
  ['promiseItems', 'PromiseItmes'],
  ['tradeAreaCode', 'TradeAreaCode', 'countryIso'],
  ['marks', 'MarkNo'],
  ['departurePort', 'DespPortCode'],
  ['entryPort', 'EntyPortCode'],
  ['goodsPlace', 'GoodsPlace'],
  ['declarantName', 'DeclareName'],
]);

/** The item fields jinguan models (DecList), in wire order. */
export const ITEM_FIELDS: readonly FieldSpec[] = fields('DEC_LIST', [
  ['hsCode', 'CodeTS'],
  ['contractItem', 'ContrItem'],
  ['unitPrice', 'DeclPrice'],
  ['total', 'DeclTotal'],
  ['dutyMode', 'DutyMode', 'dutyMode'],
  ['legalUnit', 'FirstUnit', 'unit'],
  ['legalQuantity', 'FirstQty'],
  ['unit', 'GUnit', 'unit'],
  ['model', 'GModel'],
  ['name', 'GName'],
  ['itemNo', 'GNo'],
  ['quantity', 'GQty'],
  ['originCountry', 'OriginCountry', 'countryIso'],
  ['secondUnit', 'SecondUnit', 'unit'],
  ['secondQuantity', 'SecondQty'],
  ['currency', 'TradeCurr', 'currencyIso'],
  ['destinationCountry', 'DestinationCountry', 'countryIso'],
  ['ciqCode', 'CiqCode'],
  ['domesticDistrict', 'DistrictCode'],
]);

/** Containers (DecContainer). */
export const CONTAINER_FIELDS: readonly FieldSpec[] = fields('DEC_CONTAINER', [
  ['containerId', 'ContainerId'],
  ['size', 'ContainerMd'],
  ['itemNos', 'GoodsNo'],
  ['lclFlag', 'LclFlag'],
  ['weight', 'GoodsContaWt'],
]);

/** Licences and certificates (LicenseDocu). */
export const LICENCE_FIELDS: readonly FieldSpec[] = fields('DEC_LICENSE_DOCUS', [
  ['code', 'DocuCode'],
  ['number', 'CertCode'],
]);

export const MAX_ITEMS = 50;
