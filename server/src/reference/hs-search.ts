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
  /** Per entry: the indexes of its subheading, heading and chapter (lines only). */
  private readonly ancestorIndexes: number[][];
  /** Per entry: how many tariff lines sit under it. */
  private readonly lineCounts: Int32Array;

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
    });
    this.lineCounts = new Int32Array(this.entries.length);
    this.ancestorIndexes = this.entries.map((entry) => {
      if (entry.level !== 8) return [];
      const found = ancestors(entry.code)
        .map((code) => this.indexOf(code))
        .filter((i): i is number => i !== undefined);
      for (const i of found) this.lineCounts[i]! += 1;
      return found;
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

    const own = perTerm.length === 1 ? perTerm[0]! : matchAll(perTerm);
    // Lines matched under each chapter, heading and subheading (by entry index).
    const matchedLines = new Int32Array(this.entries.length);
    const nodes: number[] = [];
    for (const index of own.keys()) {
      for (const ancestor of this.ancestorIndexes[index]!) {
        matchedLines[ancestor] = (matchedLines[ancestor] ?? 0) + 1;
        if (matchedLines[ancestor] === 1 && !own.has(ancestor)) nodes.push(ancestor);
      }
    }
    // Top `limit` by score, then shorter code, then code order (= index order) — no full sort,
    // since a one-character query can match thousands of entries.
    const top = new TopHits(limit, (i) => this.codes[i]!.length);
    for (const [index, quality] of own) top.offer(index, this.score(index, quality, matchedLines));
    for (const index of nodes) top.offer(index, this.score(index, 0, matchedLines));
    const hits = top.items.map(({ index, score }) => toHit(this.entries[index]!, score));
    return { total: own.size + nodes.length, hits };
  }

  /**
   * Own match quality, plus the share of a node's lines that match — damped for nodes with few
   * lines, so a heading whose six lines all say coffee outranks a one-line heading that mentions
   * it — plus the level's bonus.
   */
  private score(index: number, quality: number, matchedLines: Int32Array): number {
    const entry = this.entries[index]!;
    const matched = matchedLines[index]!;
    const coverage =
      entry.level === 8 || matched === 0
        ? 0
        : (matched / this.lineCounts[index]!) * (matched / (matched + 1));
    return quality + 4 * coverage + LEVEL_BONUS[entry.level];
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

/** Entries matching every term, with their average match quality. */
function matchAll(perTerm: readonly Map<number, number>[]): Map<number, number> {
  const [first, ...rest] = [...perTerm].sort((a, b) => a.size - b.size);
  const own = new Map<number, number>();
  for (const [index, quality] of first!) {
    let sum = quality;
    for (const other of rest) {
      const q = other.get(index);
      if (q === undefined) {
        sum = -1;
        break;
      }
      sum += q;
    }
    if (sum >= 0) own.set(index, sum / perTerm.length);
  }
  return own;
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

interface Ranked {
  index: number;
  score: number;
}

/** Keeps the best `limit` entries offered, in order, without sorting everything offered. */
class TopHits {
  readonly items: Ranked[] = [];

  /** Best first: higher score, then shorter code, then code order (entries are in code order). */
  constructor(
    private readonly limit: number,
    private readonly codeLength: (index: number) => number,
  ) {}

  offer(index: number, score: number): void {
    const item = { index, score };
    const items = this.items;
    if (items.length === this.limit && this.compare(item, items[items.length - 1]!) >= 0) return;
    let at = items.length;
    while (at > 0 && this.compare(item, items[at - 1]!) < 0) at--;
    items.splice(at, 0, item);
    if (items.length > this.limit) items.pop();
  }

  private compare(a: Ranked, b: Ranked): number {
    return b.score - a.score || this.codeLength(a.index) - this.codeLength(b.index) || a.index - b.index;
  }
}

const toHit = (entry: Entry, score: number): HsSearchHit => ({
  code: entry.code,
  level: entry.level,
  nameZh: entry.nameZh,
  nameEn: entry.nameEn,
  score: Math.round(score * 1000) / 1000,
});
