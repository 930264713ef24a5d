/** One extra column a code set carries besides code and names. */
export interface AttributeDefinition {
  pattern?: RegExp;
  required?: boolean;
}

/** What a code set is and what a valid row of it looks like (used by imports and tests alike). */
export interface CodeSetDefinition {
  name: string;
  title: { 'zh-CN': string; en: string };
  /** The official field(s) the code set fills, for the reader of the API. */
  usedBy: string;
  codePattern: RegExp;
  attributes: Record<string, AttributeDefinition>;
  /** Column names of official exports accepted for our own (e.g. `iso_alpha3_guess` → `iso`). */
  aliases?: Record<string, string>;
}

const note: AttributeDefinition = {};
const iso3 = /^[A-Z]{3}$/;

export const CODE_SETS: readonly CodeSetDefinition[] = [
  {
    name: 'customsDistrict',
    title: { 'zh-CN': '关区代码', en: 'Customs districts' },
    usedBy: 'CustomMaster, IEPort, CEB customsCode/portCode',
    codePattern: /^\d{4}$/,
    attributes: { parent: { pattern: /^\d{4}$/ }, note },
  },
  {
    name: 'tradeMode',
    title: { 'zh-CN': '监管方式', en: 'Trade modes' },
    usedBy: 'TradeMode, supvModecd, CEB tradeMode',
    codePattern: /^\d{4}$/,
    attributes: { note },
  },
  {
    name: 'levyNature',
    title: { 'zh-CN': '征免性质', en: 'Levy natures' },
    usedBy: 'CutMode',
    codePattern: /^\d{3}$/,
    attributes: { note },
  },
  {
    name: 'dutyMode',
    title: { 'zh-CN': '征免方式', en: 'Duty modes' },
    usedBy: 'DutyMode, lvyrlfModecd',
    codePattern: /^\d$/,
    attributes: { note },
  },
  {
    name: 'transactionTerm',
    title: { 'zh-CN': '成交方式', en: 'Transaction terms' },
    usedBy: 'TransMode',
    codePattern: /^\d$/,
    attributes: { note },
  },
  {
    name: 'transportMode',
    title: { 'zh-CN': '运输方式', en: 'Transport modes' },
    usedBy: 'TrafMode, trspModecd, CEB trafMode',
    codePattern: /^[0-9A-Z]$/,
    attributes: { note },
  },
  {
    name: 'country',
    title: { 'zh-CN': '国别（地区）', en: 'Countries and regions' },
    usedBy: 'CEB/SAS numeric country codes; iso = DecMessage alpha-3',
    codePattern: /^\d{3}$/,
    // primary = 1 marks the code ISO → customs conversion answers when several share an ISO code
    // (Spain 312, not Ceuta 210 or Melilla 256, all ESP).
    attributes: { iso: { pattern: iso3 }, primary: { pattern: /^[01]$/ }, note },
    aliases: { iso_alpha3_guess: 'iso' },
  },
  {
    name: 'currency',
    title: { 'zh-CN': '币制', en: 'Currencies' },
    usedBy: 'CEB currency, SAS dclCurrcd (numeric); iso = DecMessage TradeCurr',
    codePattern: /^\d{3}$/,
    attributes: { iso: { pattern: iso3, required: true }, note },
  },
  {
    name: 'unit',
    title: { 'zh-CN': '计量单位', en: 'Units of measure' },
    usedBy: 'GUnit, FirstUnit, SecondUnit, CEB unit',
    codePattern: /^\d{3}$/,
    attributes: { note },
  },
  {
    name: 'packageType',
    title: { 'zh-CN': '包装种类', en: 'Package types' },
    usedBy: 'DecHead.WrapType, DecOtherPack.PackType',
    codePattern: /^\d{2}$/,
    attributes: { note },
  },
  {
    name: 'cebPackageType',
    title: { 'zh-CN': '包装种类（跨境电商）', en: 'Package types (CEB)' },
    usedBy: 'CEB wrapType',
    codePattern: /^\d$/,
    attributes: { note },
  },
  {
    name: 'hsSection',
    title: { 'zh-CN': '协调制度类', en: 'HS 2022 sections' },
    usedBy: 'HS nomenclature',
    codePattern: /^[IVX]{1,5}$/,
    attributes: { note },
  },
  {
    name: 'hs',
    title: { 'zh-CN': '协调制度（章、品目、子目）', en: 'HS 2022 chapters, headings and subheadings' },
    usedBy: 'HS nomenclature, 2/4/6 digits',
    codePattern: /^\d{2}(\d{2}){0,2}$/,
    attributes: {
      level: { pattern: /^[246]$/, required: true },
      parent: { pattern: /^\d{2}(\d{2})?$/ },
      section: { pattern: /^[IVX]{1,5}$/ },
      note,
    },
  },
  {
    name: 'hs8',
    title: { 'zh-CN': '税则号列（8位）', en: 'China tariff lines (8 digits)' },
    usedBy: 'CodeTS first 8 digits, CEB gcode',
    codePattern: /^\d{8}$/,
    attributes: {
      statUnit1: { pattern: /^\d{2}$/ },
      statUnit1Zh: {},
      statUnit2: { pattern: /^\d{2}$/ },
      statUnit2Zh: {},
      note,
    },
    aliases: {
      hs8: 'code',
      stat_unit1_code: 'statUnit1',
      stat_unit1_zh: 'statUnit1Zh',
      stat_unit2_code: 'statUnit2',
      stat_unit2_zh: 'statUnit2Zh',
    },
  },
];

const byName = new Map(CODE_SETS.map((set) => [set.name, set]));

/** The definition of a code set, or undefined for a name no code set has. */
export function findCodeSet(name: string): CodeSetDefinition | undefined {
  return byName.get(name);
}

/** The date the shipped tables are in force from: earlier than any document the platform will see. */
export const SEED_EFFECTIVE_FROM = '2000-01-01';
export const SEED_LABEL = 'jinguan seed 2023 (shared/standards/data)';
