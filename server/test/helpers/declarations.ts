import type { DeclarationContent } from '../../src/modules/clearance/index.ts';

/** A complete import declaration of the demo trader 3120980001 at Shanghai (2200): coffee beans from Brazil. */
export function coffeeImport(overrides: { items?: number; agentCode?: string } = {}): DeclarationContent {
  const agentCode = overrides.agentCode ?? '3120980001';
  const items = Array.from({ length: overrides.items ?? 1 }, (_, i) => ({
    itemNo: String(i + 1),
    hsCode: '0901110000',
    name: '未焙炒的咖啡豆',
    model: '0|0|阿拉比卡|生豆|无品牌|无型号',
    quantity: '1000',
    unit: '035',
    legalQuantity: '1000',
    legalUnit: '035',
    unitPrice: '3.2500',
    total: '3250',
    currency: 'USD',
    originCountry: 'BRA',
    destinationCountry: 'CHN',
    dutyMode: '1',
    domesticDistrict: '31019',
  }));
  return {
    head: {
      agentCode,
      agentName: '上海示例进出口贸易有限公司',
      copCode: '312098000',
      copName: '上海示例进出口贸易有限公司',
      customsMaster: '2200',
      declTrnRel: '0',
      destinationPort: 'CHN226',
      ediId: '1',
      entryType: 'M',
      grossWeight: String(1050 * items.length),
      ieFlag: 'I',
      iePort: '2201',
      inputerName: '张三',
      netWeight: String(1000 * items.length),
      ownerName: '上海示例进出口贸易有限公司',
      packageCount: String(40 * items.length),
      tradeCountry: 'BRA',
      tradeMode: '0110',
      levyNature: '101',
      tradeCode: '3120980001',
      transportMode: '2',
      tradeName: '上海示例进出口贸易有限公司',
      transactionTerms: '1',
      documentType: 'ML',
      typistNo: '8900000000001',
      packageType: '22',
      tradeCoScc: '91310000MA1FL00001',
      agentCodeScc: '91310000MA1FL00001',
      ownerCodeScc: '91310000MA1FL00001',
      promiseItems: '00000',
      tradeAreaCode: 'BRA',
      departurePort: 'BRA00001',
      entryPort: '310001',
      goodsPlace: '洋山港区',
      declarantName: '李四',
    },
    items,
    containers: [],
    licences: [],
  };
}

/** Smartphones from Hong Kong worth about 720,000 CNY: the default risk pack sends them to review (yellow). */
export function phonesFromHongKong(): DeclarationContent {
  const content = coffeeImport();
  content.head.tradeCountry = 'HKG';
  content.head.tradeAreaCode = 'HKG';
  content.items = [
    {
      itemNo: '1',
      hsCode: '8517130000',
      name: '智能手机',
      model: '4|3|智能手机|示例牌|X100',
      quantity: '1000',
      unit: '001',
      legalQuantity: '1000',
      legalUnit: '001',
      unitPrice: '100',
      total: '100000',
      currency: 'USD',
      originCountry: 'HKG',
      destinationCountry: 'CHN',
      dutyMode: '1',
      domesticDistrict: '31019',
    },
  ];
  return content;
}
