import type { CodeRow } from './seed-data.ts';

export type HsLevel = 2 | 4 | 6 | 8;

export interface HsSearchHit {
  code: string;
  level: HsLevel;
  nameZh: string | null;
  nameEn: string | null;
  score: number;
}

export interface HsSearchResult {
  total: number;
  hits: HsSearchHit[];
}

interface Entry {
  code: string;
  level: HsLevel;
  nameZh: string | null;
  nameEn: string | null;
  zh: string;
  firstWord: string;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const STOPWORDS = new Set([
  'of',
  'and',
  'or',
  'the',
  'for',
  'in',
  'with',
  'not',
  'a',
  'an',
  'to',
  'by',
  'other',
]);
// A heading is what an officer usually wants; then its subheadings, lines, and the chapter.
const LEVEL_BONUS: Record<HsLevel, number> = { 2: 0.3, 4: 1, 6: 0.5, 8: 0.4 };

/** Plural and singular meet: "coffees" → "coffee", "phones" → "phone" (both sides alike). */
const stem = (word: string) =>
  word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
const englishWords = (text: string) => (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(stem);

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [index]);
  else if (list[list.length - 1] !== index) list.push(index);
}

/**
 * In-memory search over the HS nomenclature (chapters, headings, subheadings) and China's 8-digit
 * tariff lines: code prefix, English words (prefix match over a sorted vocabulary) and Chinese
 * text (character bigram postings, verified by substring). Built once per code-set version.
 *
 * Ranking: how well an entry's own name matches, plus for chapters, headings and subheadings the
 * share of their tariff lines that match — the WCO names are English only, so a Chinese query
 * reaches heading 0901 through its lines (all six of which say 咖啡).
 */
export class HsIndex {
  private readonly entries: Entry[];
  private readonly codes: string[];
  private readonly words = new Map<string, number[]>();
  private readonly vocabulary: string[];
  private readonly grams = new Map<string, number[]>();
  private readonly lineCounts = new Map<string, number>();

  constructor(nodes: readonly CodeRow[], lines: readonly CodeRow[]) {
    const all = [
      ...nodes.map((row) => ({ row, level: Number(row.attributes.level ?? row.code.length) as HsLevel })),
      ...lines.map((row) => ({ row, level: 8 as HsLevel })),
    ].sort((a, b) => (a.row.code < b.row.code ? -1 : a.row.code > b.row.code ? 1 : 0));
    this.entries = all.map(({ row, level }) => ({
      code: row.code,
      level,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      zh: row.nameZh ?? '',
      firstWord: englishWords(row.nameEn ?? '')[0] ?? '',
    }));
    this.codes = this.entries.map((entry) => entry.code);
    this.entries.forEach((entry, index) => {
      for (const word of englishWords(entry.nameEn ?? '')) push(this.words, word, index);
      for (const run of entry.zh.match(CJK) ?? []) {
        for (let i = 0; i < run.length; i++) {
          push(this.grams, run[i]!, index);
          if (i + 1 < run.length) push(this.grams, run.slice(i, i + 2), index);
        }
      }
      if (entry.level === 8)
        for (const ancestor of ancestors(entry.code)) increment(this.lineCounts, ancestor);
    });
    this.vocabulary = [...this.words.keys()].sort();
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: string, limit: number): HsSearchResult {
    const q = query.trim().toLowerCase();
    if (/^[\d\s.]+$/.test(q)) return this.byPrefix(q.replace(/[\s.]/g, ''), limit);
    const zhTerms = q.match(CJK) ?? [];
    const allWords = englishWords(q.replace(CJK, ' '));
    const meaningful = allWords.filter((w) => !STOPWORDS.has(w));
    const enTerms = meaningful.length > 0 ? meaningful : allWords;
    const perTerm = [...zhTerms.map((t) => this.matchZh(t)), ...enTerms.map((t) => this.matchEn(t))];
    if (perTerm.length === 0) return { total: 0, hits: [] };

    // Entries whose own name matches every term, with their average match quality.
    const [first, ...rest] = [...perTerm].sort((a, b) => a.size - b.size);
    const own = new Map<number, number>();
    for (const [index, quality] of first!) {
      let sum = quality;
      for (const other of rest) {
        const q2 = other.get(index);
        if (q2 === undefined) {
          sum = -1;
          break;
        }
        sum += q2;
      }
      if (sum >= 0) own.set(index, sum / perTerm.length);
    }
    const matchedLines = new Map<string, number>();
    for (const index of own.keys()) {
      const entry = this.entries[index]!;
      if (entry.level === 8) for (const ancestor of ancestors(entry.code)) increment(matchedLines, ancestor);
    }
    const scores = new Map<number, number>(own);
    for (const code of matchedLines.keys()) {
      const index = this.indexOf(code);
      if (index !== undefined && !scores.has(index)) scores.set(index, 0);
    }
    const hits: HsSearchHit[] = [];
    for (const [index, quality] of scores) {
      const entry = this.entries[index]!;
      hits.push(toHit(entry, quality + 4 * this.coverage(entry, matchedLines) + LEVEL_BONUS[entry.level]));
    }
    hits.sort((a, b) => b.score - a.score || a.code.length - b.code.length || (a.code < b.code ? -1 : 1));
    return { total: hits.length, hits: hits.slice(0, limit) };
  }

  /**
   * Share of a node's lines that match, damped for nodes with few lines: a heading whose six
   * lines all say coffee outranks a one-line heading that happens to mention it.
   */
  private coverage(entry: Entry, matchedLines: ReadonlyMap<string, number>): number {
    if (entry.level === 8) return 0;
    const matched = matchedLines.get(entry.code) ?? 0;
    return (matched / (this.lineCounts.get(entry.code) ?? 1)) * (matched / (matched + 1));
  }

  private byPrefix(prefix: string, limit: number): HsSearchResult {
    const hits: HsSearchHit[] = [];
    let total = 0;
    for (let i = this.lowerBound(prefix); i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (!entry.code.startsWith(prefix)) break;
      total++;
      if (hits.length < limit) hits.push(toHit(entry, 1));
    }
    return { total, hits };
  }

  private matchEn(term: string): Map<number, number> {
    const found = new Map<number, number>();
    for (let i = lowerBound(this.vocabulary, term); i < this.vocabulary.length; i++) {
      const word = this.vocabulary[i]!;
      if (!word.startsWith(term)) break;
      const base = word === term ? 2 : 1.5;
      for (const index of this.words.get(word) ?? []) {
        const quality = this.entries[index]!.firstWord === word ? base + 1 : base;
        if ((found.get(index) ?? 0) < quality) found.set(index, quality);
      }
    }
    return found;
  }

  private matchZh(term: string): Map<number, number> {
    const found = new Map<number, number>();
    let candidates: number[] | undefined;
    if (term.length === 1) candidates = this.grams.get(term);
    else {
      for (let i = 0; i + 1 < term.length; i++) {
        const postings = this.grams.get(term.slice(i, i + 2));
        if (!postings) return found;
        if (!candidates || postings.length < candidates.length) candidates = postings;
      }
    }
    for (const index of candidates ?? []) {
      const zh = this.entries[index]!.zh;
      if (zh.startsWith(term)) found.set(index, 3);
      else if (zh.includes(term)) found.set(index, 2);
    }
    return found;
  }

  private indexOf(code: string): number | undefined {
    const i = this.lowerBound(code);
    return this.entries[i]?.code === code ? i : undefined;
  }

  private lowerBound(code: string): number {
    return lowerBound(this.codes, code);
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const ancestors = (code: string) => [code.slice(0, 6), code.slice(0, 4), code.slice(0, 2)];

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const toHit = (entry: Entry, score: number): HsSearchHit => ({
  code: entry.code,
  level: entry.level,
  nameZh: entry.nameZh,
  nameEn: entry.nameEn,
  score: Math.round(score * 1000) / 1000,
});
