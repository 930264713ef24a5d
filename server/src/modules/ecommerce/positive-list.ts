import { readFileSync } from 'node:fs';

/** One entry of 《跨境电子商务零售进口商品清单》 with the rates the retail tax needs. */
export interface PositiveListEntry {
  hsCode: string;
  name: string;
  /** Decimal strings. */
  vatRate: string;
  consumptionTaxRate: string;
}

/**
 * The positive list (正面清单): goods outside it cannot use 9610/1210. A sample ships in
 * `data/positive-list-sample.csv`; `parsePositiveList` reads a full list in the same shape.
 */
export class PositiveList {
  private readonly entries: Map<string, PositiveListEntry>;

  constructor(entries: readonly PositiveListEntry[]) {
    this.entries = new Map(entries.map((entry) => [entry.hsCode, entry]));
  }

  find(hsCode: string): PositiveListEntry | undefined {
    return this.entries.get(hsCode);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every entry, to build the same list elsewhere (a reading thread). */
  all(): PositiveListEntry[] {
    return [...this.entries.values()];
  }

  static sample(): PositiveList {
    const text = readFileSync(new URL('./data/positive-list-sample.csv', import.meta.url), 'utf8');
    return new PositiveList(parsePositiveList(text));
  }
}

/** CSV with the header `hsCode,name,vatRate,consumptionTaxRate`. */
export function parsePositiveList(csv: string): PositiveListEntry[] {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  if (header?.trim() !== 'hsCode,name,vatRate,consumptionTaxRate')
    throw new Error('positive list: expected header hsCode,name,vatRate,consumptionTaxRate');
  return rows
    .filter((row) => row.trim() !== '')
    .map((row) => {
      const [hsCode, name, vatRate, consumptionTaxRate] = row.split(',').map((cell) => cell.trim());
      if (!/^\d{10}$/.test(hsCode ?? '')) throw new Error(`positive list: bad HS code in "${row}"`);
      return {
        hsCode: hsCode!,
        name: name ?? '',
        vatRate: vatRate ?? '0.13',
        consumptionTaxRate: consumptionTaxRate ?? '0',
      };
    });
}
