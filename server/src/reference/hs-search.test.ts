import { beforeAll, describe, expect, it } from 'vitest';
import { HsIndex } from './hs-search.ts';
import { readSeedCodeSets } from './seed-data.ts';

describe('HS search over the shipped nomenclature and 8,957 tariff lines', () => {
  let index: HsIndex;
  beforeAll(() => {
    const seed = readSeedCodeSets();
    index = new HsIndex(seed.get('hs') ?? [], seed.get('hs8') ?? []);
  });

  it('indexes chapters, headings, subheadings and lines', () => {
    expect(index.size).toBe(6939 + 8957);
  });

  it.each(['咖啡', 'coffee', 'Coffee', 'coffees'])('ranks heading 0901 first for %s', (q) => {
    const { hits } = index.search(q, 10);
    expect(hits[0]).toMatchObject({ code: '0901', level: 4 });
    expect(hits.map((h) => h.code)).toEqual(expect.arrayContaining(['090111']));
  });

  it('ranks wine of fresh grapes (2204) first for "wine"', () => {
    expect(index.search('wine', 5).hits[0]?.code).toBe('2204');
  });

  it('finds a Chinese tariff line by its name (手机 → smartphones 85171300)', () => {
    expect(index.search('手机', 10).hits.map((h) => h.code)).toEqual(
      expect.arrayContaining(['85171300', '851713']),
    );
  });

  it('needs every word to match', () => {
    const { hits } = index.search('roasted coffee', 20);
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits.filter((h) => h.level === 6))
      expect(hit.nameEn?.toLowerCase()).toContain('roasted');
  });

  it('searches by code prefix in tree order, ignoring dots and spaces', () => {
    const { total, hits } = index.search('0901.11', 3);
    expect(total).toBe(2);
    expect(hits.map((h) => [h.code, h.level])).toEqual([
      ['090111', 6],
      ['09011100', 8],
    ]);
    expect(index.search('09', 1000).hits[0]?.code).toBe('09');
  });

  it('finds nothing for words no entry has', () => {
    expect(index.search('zzyzx', 10)).toEqual({ total: 0, hits: [] });
  });
});
