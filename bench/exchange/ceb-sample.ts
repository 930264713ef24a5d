// A seeded CEB621 (进口清单) message generator with the official field order
// (shared/standards/data/ceb-message-fields.json, IInventoryHead and IInventoryList).
const HEAD = [
  'guid',
  'appType',
  'appTime',
  'appStatus',
  'orderNo',
  'ebpCode',
  'ebpName',
  'ebcCode',
  'ebcName',
  'logisticsNo',
  'logisticsCode',
  'logisticsName',
  'copNo',
  'preNo',
  'assureCode',
  'emsNo',
  'invtNo',
  'ieFlag',
  'declTime',
  'customsCode',
  'portCode',
  'ieDate',
  'buyerIdType',
  'buyerIdNumber',
  'buyerName',
  'buyerTelephone',
  'consigneeAddress',
  'agentCode',
  'agentName',
  'areaCode',
  'areaName',
  'tradeMode',
  'trafMode',
  'trafNo',
  'voyageNo',
  'billNo',
  'loctNo',
  'licenseNo',
  'country',
  'freight',
  'insuredFee',
  'currency',
  'wrapType',
  'packNo',
  'grossWeight',
  'netWeight',
  'note',
];
const LIST = [
  'gnum',
  'itemRecordNo',
  'itemNo',
  'itemName',
  'gcode',
  'gname',
  'gmodel',
  'barCode',
  'country',
  'tradeCountry',
  'currency',
  'qty',
  'unit',
  'qty1',
  'unit1',
  'qty2',
  'unit2',
  'price',
  'totalPrice',
  'note',
];

const CHINESE: Record<string, string> = {
  ebpName: '广州示例跨境电商平台',
  ebcName: '广州示例跨境电商有限公司',
  logisticsName: '示例国际物流有限公司',
  buyerName: '张三',
  consigneeAddress: '广东省广州市天河区示例路1号',
  agentName: '上海示例报关有限公司',
  itemName: '婴儿配方奶粉',
  gname: '婴儿配方奶粉 900克',
  gmodel: '900g/罐 进口',
};

export function guidOf(rand: () => number): string {
  const hex = () =>
    Math.floor(rand() * 16)
      .toString(16)
      .toUpperCase();
  return [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, hex).join('')).join('-');
}

function value(field: string, rand: () => number, guid: string): string {
  if (field === 'guid') return guid;
  if (CHINESE[field]) return CHINESE[field]!;
  return String(Math.floor(rand() * 1e9)).padStart(9, '0');
}

/** One `<ceb:Inventory>` with a head and `items` list entries. */
export function inventoryXml(rand: () => number, items = 3): string {
  const guid = guidOf(rand);
  const head = HEAD.map((f) => `<ceb:${f}>${value(f, rand, guid)}</ceb:${f}>`).join('');
  const lists = Array.from(
    { length: items },
    () =>
      `<ceb:InventoryList>${LIST.map((f) => `<ceb:${f}>${value(f, rand, guid)}</ceb:${f}>`).join('')}</ceb:InventoryList>`,
  ).join('');
  return `<ceb:Inventory><ceb:InventoryHead>${head}</ceb:InventoryHead>${lists}</ceb:Inventory>`;
}

/** A CEB621Message carrying `count` inventories (a batch). */
export function ceb621Xml(rand: () => number, count: number): string {
  const body = Array.from({ length: count }, () => inventoryXml(rand)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB621Message guid="${guidOf(rand)}" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
${body}
<ceb:BaseTransfer><ceb:copCode>4401960002</ceb:copCode><ceb:copName>广州示例跨境电商有限公司</ceb:copName><ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000002</ceb:dxpId><ceb:note/></ceb:BaseTransfer>
</ceb:CEB621Message>`;
}
