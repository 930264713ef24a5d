/** DecMessage fields as the API names them (copied from the clearance spec), with labels. */
export interface FieldDef {
  name: string;
  zh: string;
  en: string;
  required?: boolean;
}

export const HEAD_FIELDS: FieldDef[] = [
  { name: 'agentCode', zh: '申报单位代码', en: 'Declaring unit code', required: true },
  { name: 'agentName', zh: '申报单位名称', en: 'Declaring unit name', required: true },
  { name: 'billNo', zh: '提单号', en: 'Bill of lading no.' },
  { name: 'contractNo', zh: '合同号', en: 'Contract no.' },
  { name: 'copCode', zh: '录入单位代码', en: 'Input unit code', required: true },
  { name: 'copName', zh: '录入单位名称', en: 'Input unit name', required: true },
  { name: 'customsMaster', zh: '主管海关（申报地海关）', en: 'Customs of declaration', required: true },
  { name: 'levyNature', zh: '征免性质', en: 'Levy nature' },
  { name: 'declTrnRel', zh: '报关/转关关系标志', en: 'Declaration/transit flag', required: true },
  { name: 'destinationPort', zh: '经停港/指运港', en: 'Destination port', required: true },
  { name: 'ediId', zh: '报关标志', en: 'Declaration flag', required: true },
  { name: 'entryType', zh: '报关单类型', en: 'Entry type', required: true },
  { name: 'freightCurrency', zh: '运费币制', en: 'Freight currency' },
  { name: 'freightMark', zh: '运费标记', en: 'Freight mark' },
  { name: 'freightRate', zh: '运费／率', en: 'Freight rate' },
  { name: 'grossWeight', zh: '毛重', en: 'Gross weight', required: true },
  { name: 'ieDate', zh: '进出口日期', en: 'Import/export date' },
  { name: 'ieFlag', zh: '进出口标志', en: 'Import/export flag', required: true },
  { name: 'iePort', zh: '进出境关别', en: 'Port of entry/exit (customs)', required: true },
  { name: 'inputerName', zh: '录入员名称', en: 'Typist name', required: true },
  { name: 'insuranceCurrency', zh: '保险费币制', en: 'Insurance currency' },
  { name: 'insuranceMark', zh: '保险费标记', en: 'Insurance mark' },
  { name: 'insuranceRate', zh: '保险费／率', en: 'Insurance rate' },
  { name: 'licenseNo', zh: '许可证编号', en: 'License no' },
  { name: 'manualNo', zh: '备案号', en: 'Manual no' },
  { name: 'netWeight', zh: '净重', en: 'Net weight', required: true },
  { name: 'note', zh: '备注', en: 'Note' },
  { name: 'otherCurrency', zh: '杂费币制', en: 'Other currency' },
  { name: 'otherMark', zh: '杂费标志', en: 'Other mark' },
  { name: 'otherRate', zh: '杂费／率', en: 'Other rate' },
  { name: 'ownerCode', zh: '消费使用/生产销售单位代码', en: 'Owner code' },
  { name: 'ownerName', zh: '消费使用/生产销售单位名称', en: 'Owner name', required: true },
  { name: 'packageCount', zh: '件数', en: 'Package count', required: true },
  { name: 'tradeCountry', zh: '启运国/运抵国', en: 'Country of departure/arrival', required: true },
  { name: 'tradeMode', zh: '监管方式', en: 'Trade mode', required: true },
  { name: 'tradeCode', zh: '境内收发货人编号', en: 'Trader code', required: true },
  { name: 'transportMode', zh: '运输方式代码', en: 'Transport mode', required: true },
  { name: 'conveyanceName', zh: '运输工具代码及名称', en: 'Conveyance name' },
  { name: 'tradeName', zh: '境内收发货人名称', en: 'Trader name', required: true },
  { name: 'transactionTerms', zh: '成交方式', en: 'Transaction terms', required: true },
  { name: 'documentType', zh: '单据类型', en: 'Document type', required: true },
  { name: 'typistNo', zh: '录入员IC卡号', en: 'Typist IC card no.', required: true },
  { name: 'packageType', zh: '包装种类', en: 'Package type', required: true },
  { name: 'tradeCoScc', zh: '收发货人统一编码', en: 'Trader USCC', required: true },
  { name: 'agentCodeScc', zh: '申报代码统一编码', en: 'Declarant USCC', required: true },
  { name: 'ownerCodeScc', zh: '消费使用/生产销售单位单位统一编码', en: 'Owner USCC', required: true },
  { name: 'promiseItems', zh: '价格说明', en: 'Price declarations', required: true },
  { name: 'tradeAreaCode', zh: '贸易国别', en: 'Trading country', required: true },
  { name: 'marks', zh: '标记唛码', en: 'Marks and numbers' },
  { name: 'departurePort', zh: '启运港代码', en: 'Departure port', required: true },
  { name: 'entryPort', zh: '入境口岸代码', en: 'Entry port', required: true },
  { name: 'goodsPlace', zh: '存放地点', en: 'Goods place', required: true },
  { name: 'declarantName', zh: '申报人员姓名', en: 'Declarant name', required: true },
];

export const ITEM_FIELDS: FieldDef[] = [
  { name: 'hsCode', zh: '商品编号', en: 'HS code', required: true },
  { name: 'contractItem', zh: '备案序号', en: 'Contract item' },
  { name: 'unitPrice', zh: '申报单价', en: 'Unit price', required: true },
  { name: 'total', zh: '申报总价', en: 'Total', required: true },
  { name: 'dutyMode', zh: '征免方式', en: 'Duty mode', required: true },
  { name: 'legalUnit', zh: '第一计量单位（法定单位）', en: 'Legal unit', required: true },
  { name: 'legalQuantity', zh: '第一法定数量', en: 'Legal quantity', required: true },
  { name: 'unit', zh: '成交计量单位', en: 'Unit', required: true },
  { name: 'model', zh: '商品规格、型号', en: 'Model' },
  { name: 'name', zh: '商品名称', en: 'Name', required: true },
  { name: 'itemNo', zh: '商品序号', en: 'Item no.', required: true },
  { name: 'quantity', zh: '成交数量', en: 'Quantity', required: true },
  { name: 'originCountry', zh: '原产国', en: 'Origin country', required: true },
  { name: 'secondUnit', zh: '第二计量单位', en: 'Second unit' },
  { name: 'secondQuantity', zh: '第二法定数量', en: 'Second quantity' },
  { name: 'currency', zh: '成交币制', en: 'Currency', required: true },
  { name: 'destinationCountry', zh: '最终目的国（地区）', en: 'Destination country', required: true },
  { name: 'ciqCode', zh: '监管类别名称', en: 'CIQ supervision category' },
  {
    name: 'domesticDistrict',
    zh: '境内目的地/境内货源地',
    en: 'Domestic destination/source',
    required: true,
  },
];

export function fieldLabel(field: FieldDef, lang: string): string {
  return lang === 'en' ? field.en : field.zh;
}

/** The header fields shown first; the rest fold under "more". */
export const MAIN_HEAD_FIELDS = [
  'ieFlag',
  'customsMaster',
  'iePort',
  'tradeMode',
  'levyNature',
  'transportMode',
  'transactionTerms',
  'tradeCountry',
  'tradeAreaCode',
  'departurePort',
  'destinationPort',
  'entryPort',
  'goodsPlace',
  'packageType',
  'packageCount',
  'grossWeight',
  'netWeight',
  'billNo',
  'contractNo',
  'declarantName',
];

/** The item fields in the order a declarant fills them. */
export const MAIN_ITEM_FIELDS = [
  'hsCode',
  'name',
  'model',
  'quantity',
  'unit',
  'legalQuantity',
  'legalUnit',
  'unitPrice',
  'total',
  'currency',
  'originCountry',
  'destinationCountry',
  'dutyMode',
  'domesticDistrict',
];

/** Values most declarations share (paperless general declaration, import), prefilled for a new one. */
export const HEAD_DEFAULTS: Record<string, string> = {
  ieFlag: 'I',
  entryType: 'M',
  ediId: '1',
  declTrnRel: '0',
  documentType: 'ML',
  promiseItems: '00000',
  tradeMode: '0110',
  levyNature: '101',
};

export const ITEM_DEFAULTS: Record<string, string> = { destinationCountry: 'CHN', dutyMode: '1' };
