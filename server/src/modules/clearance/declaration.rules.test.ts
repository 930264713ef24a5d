import { describe, expect, it } from 'vitest';
import type { DeclarationContent, TariffLineFacts } from './declaration.model.ts';
import { type CheckContext, checkDeclaration } from './declaration.rules.ts';
import { isDutyModeAllowed, isLevyNatureAllowed } from './declaration-logic.rules.ts';

// A small code table standing in for the reference data (the checks are pure and take it as a parameter).
const CODES: Record<string, string[]> = {
  customsDistrict: ['2200', '2201', '5100'],
  tradeMode: ['0110', '0214', '0615'],
  levyNature: ['101', '299', '502', '503'],
  dutyMode: ['1', '3'],
  transactionTerm: ['1', '2', '3'],
  transportMode: ['2', '5'],
  packageType: ['22'],
  unit: ['007', '035', '011'],
};
const TARIFF: Record<string, TariffLineFacts> = {
  '09011100': { legalUnit: '035' },
  '85171300': { legalUnit: '011', licenceCodes: { I: ['O'] } },
};

const ctx: CheckContext = {
  onDate: '2026-11-27',
  codes: {
    check: (set, code) =>
      CODES[set]?.includes(code) ? undefined : { rule: 'unknown_code', params: { codeSet: set, code } },
    countryFromIso: (iso) => (['CHN', 'USA', 'BRA', 'JPN'].includes(iso) ? '1' : undefined),
    currencyFromIso: (iso) => (['CNY', 'USD'].includes(iso) ? '1' : undefined),
    findTariffLine: (code) => (code.startsWith('0901') || code.startsWith('8517') ? {} : undefined),
  },
  tariffLine: (hs) => TARIFF[hs.slice(0, 8)],
};

function valid(): DeclarationContent {
  return {
    head: {
      agentCode: '3120980001',
      agentName: '上海示例进出口贸易有限公司',
      copCode: '312098000',
      copName: '示例',
      customsMaster: '2200',
      declTrnRel: '0',
      destinationPort: 'BRA000',
      ediId: '1',
      entryType: 'M',
      grossWeight: '1050',
      ieFlag: 'I',
      iePort: '2201',
      inputerName: '张三',
      netWeight: '1000',
      ownerName: '上海示例',
      packageCount: '40',
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
      tradeCoScc: '91310000MA1FL0000X',
      agentCodeScc: '91310000MA1FL0000X',
      ownerCodeScc: '91310000MA1FL0000X',
      promiseItems: '00000',
      tradeAreaCode: 'BRA',
      departurePort: 'BRA00001',
      entryPort: '310001',
      goodsPlace: '洋山港区',
      declarantName: '李四',
    },
    items: [
      {
        itemNo: '1',
        hsCode: '0901110000',
        name: '未焙炒咖啡豆',
        model: '0|0|阿拉比卡|生豆|无品牌',
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
      },
    ],
    containers: [],
    licences: [],
  };
}

const issuesOf = (content: DeclarationContent, mode: 'save' | 'declare' = 'declare') =>
  checkDeclaration(content, mode, ctx).map((i) => `${i.path} ${i.rule}`);

describe('declaration checks', () => {
  it('finds nothing wrong with a complete import declaration', () => {
    expect(issuesOf(valid())).toEqual([]);
  });

  it('asks only for the save-time fields of a draft', () => {
    const draft: DeclarationContent = { head: { ieFlag: 'I' }, items: [], containers: [], licences: [] };
    const save = issuesOf(draft, 'save');
    expect(save).toContain('head.agentCode required');
    expect(save).not.toContain('head.tradeMode required');
    expect(issuesOf(draft, 'declare')).toEqual(
      expect.arrayContaining(['head.tradeMode required', 'items no_items']),
    );
  });

  it.each<[string, (c: DeclarationContent) => void, string]>([
    [
      'a too-long name',
      (c) => {
        c.head.agentName = 'x'.repeat(101);
      },
      'head.agentName too_long',
    ],
    [
      'a bad decimal',
      (c) => {
        c.head.grossWeight = '1.123456';
      },
      'head.grossWeight decimal',
    ],
    [
      'letters in an integer',
      (c) => {
        c.head.packageCount = '4O';
      },
      'head.packageCount integer',
    ],
    [
      'an impossible date',
      (c) => {
        c.head.ieDate = '20261331';
      },
      'head.ieDate date_yyyymmdd',
    ],
    [
      'an unknown I/E flag',
      (c) => {
        c.head.ieFlag = 'X';
      },
      'head.ieFlag enum',
    ],
    [
      'an unknown trade mode',
      (c) => {
        c.head.tradeMode = '9999';
      },
      'head.tradeMode unknown_code',
    ],
    [
      'an unknown country',
      (c) => {
        c.head.tradeCountry = 'XXX';
      },
      'head.tradeCountry unknown_code',
    ],
    [
      'an unknown currency',
      (c) => {
        c.items[0]!.currency = 'ABC';
      },
      'items[0].currency unknown_code',
    ],
    [
      'a total that is not price × quantity',
      (c) => {
        c.items[0]!.total = '3300';
      },
      'items[0].total total_mismatch',
    ],
    [
      'net weight above gross',
      (c) => {
        c.head.netWeight = '1100';
      },
      'head.netWeight net_over_gross',
    ],
    [
      'a processing levy nature on general trade',
      (c) => {
        c.head.levyNature = '503';
        c.items[0]!.dutyMode = '3';
      },
      'head.levyNature levy_nature_not_for_trade_mode',
    ],
    [
      'exemption under general levy',
      (c) => {
        c.items[0]!.dutyMode = '3';
      },
      'items[0].dutyMode duty_mode_not_for_levy_nature',
    ],
    [
      'a missing legal unit',
      (c) => {
        c.items[0]!.legalUnit = '007';
      },
      'items[0].legalUnit legal_unit',
    ],
    [
      'an import not destined for China',
      (c) => {
        c.items[0]!.destinationCountry = 'USA';
      },
      'items[0].destinationCountry import_destination_china',
    ],
    [
      'an export destined for China',
      (c) => {
        c.head.ieFlag = 'E';
      },
      'items[0].destinationCountry export_destination_abroad',
    ],
    [
      'an unknown tariff line',
      (c) => {
        c.items[0]!.hsCode = '9999999999';
      },
      'items[0].hsCode unknown_tariff_line',
    ],
    [
      'a short HS code',
      (c) => {
        c.items[0]!.hsCode = '0901';
      },
      'items[0].hsCode hs_code_format',
    ],
    [
      'items out of order',
      (c) => {
        c.items[0]!.itemNo = '2';
      },
      'items[0].itemNo item_sequence',
    ],
    [
      'FOB import without freight',
      (c) => {
        c.head.transactionTerms = '3';
      },
      'head.freightMark freight_required_for_fob',
    ],
    [
      'freight mark without rate',
      (c) => {
        c.head.freightMark = '3';
        c.head.freightCurrency = 'USD';
      },
      'head.freightRate required_with',
    ],
    [
      'a container naming no item',
      (c) => {
        c.containers.push({ containerId: 'MSKU1234567', size: '22G1', itemNos: '1,3' });
      },
      'containers[0].itemNos unknown_item',
    ],
  ])('%s', (_name, change, expected) => {
    const content = valid();
    change(content);
    expect(issuesOf(content)).toContain(expected);
  });

  it('requires the licence a tariff line needs for its direction', () => {
    const content = valid();
    content.items[0] = {
      ...content.items[0],
      hsCode: '8517130000',
      unit: '011',
      legalUnit: '011',
      name: '手机',
      quantity: '10',
      legalQuantity: '10',
      unitPrice: '325',
      total: '3250',
    };
    expect(issuesOf(content)).toContain('licences licence_required');
    content.licences.push({ code: 'O', number: '2026-123456' });
    expect(issuesOf(content)).toEqual([]);
  });

  it('tells one mistake once: a malformed total is not also a mismatch', () => {
    const content = valid();
    content.items[0]!.total = 'abc';
    expect(issuesOf(content).filter((i) => i.startsWith('items[0].total'))).toEqual([
      'items[0].total decimal',
    ]);
  });

  it.each([
    ['0110', '101', true],
    ['0110', '503', false], // general trade cannot use a processing-trade levy nature
    ['0214', '502', true],
    ['0214', '503', false],
    ['0615', '503', true],
  ])('trade mode %s with levy nature %s is allowed: %s', (tradeMode, levyNature, ok) => {
    expect(isLevyNatureAllowed(tradeMode, levyNature)).toBe(ok);
  });

  it.each([
    ['101', '1', true],
    ['101', '3', false],
    ['503', '3', true],
    ['503', '1', false],
  ])('levy nature %s with duty mode %s is allowed: %s', (levyNature, dutyMode, ok) => {
    expect(isDutyModeAllowed(levyNature, dutyMode)).toBe(ok);
  });
});
