import { AppError, notFound } from '../platform/errors/index.ts';
import { CODE_SETS, findCodeSet } from './code-sets.ts';
import { HsIndex, type HsSearchResult } from './hs-search.ts';
import type { CodeRow } from './seed-data.ts';

/** One version of a code set: a whole table, in force from `effectiveFrom` to `effectiveTo` (inclusive). */
export interface CodeSetVersion {
  id: number;
  codeSet: string;
  label: string;
  source: string;
  effectiveFrom: string;
  /** The day before the next version starts; null while it is the newest. */
  effectiveTo: string | null;
  rows: readonly CodeRow[];
  byCode: ReadonlyMap<string, CodeRow>;
}

/** Why a code is not valid: an issue rule and the values its message needs. */
export interface CodeCheckReason {
  rule: 'unknown_code' | 'not_in_force';
  params: Record<string, string>;
}

/** Where an HS code sits: its section, chapter, heading, subheading and tariff line, as far as known. */
export interface HsPlacement {
  section?: CodeRow;
  chapter?: CodeRow;
  heading?: CodeRow;
  subheading?: CodeRow;
  line?: CodeRow;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws REFERENCE.INVALID_DATE unless `value` is a real calendar date written YYYY-MM-DD. */
export function assertDate(value: string, field = 'on'): void {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new AppError('REFERENCE.INVALID_DATE', 400, { field, value });
  }
}

/**
 * Every code set as loaded at one moment. Lookups are synchronous so pure rules can take it as a
 * parameter; each takes the document's date and answers from the version in force that day.
 */
export class ReferenceSnapshot {
  private readonly isoMaps = new WeakMap<CodeSetVersion, Map<string, string>>();
  private readonly inForce = new Map<string, CodeSetVersion | undefined>();

  constructor(
    private readonly versions: ReadonlyMap<string, readonly CodeSetVersion[]>,
    private readonly hsIndexes: Map<string, HsIndex>,
  ) {}

  /** Each code set with its versions, newest last. */
  codeSets(): {
    name: string;
    title: { 'zh-CN': string; en: string };
    versions: readonly CodeSetVersion[];
  }[] {
    return CODE_SETS.map((set) => ({
      name: set.name,
      title: set.title,
      versions: this.versions.get(set.name) ?? [],
    }));
  }

  /** The version of `codeSet` in force on `onDate`; undefined before its first version. */
  versionOn(codeSet: string, onDate: string): CodeSetVersion | undefined {
    // A gateway checks a dozen codes per document on the same day: each (set, day) is looked up once.
    const key = `${codeSet}\u0000${onDate}`;
    if (this.inForce.has(key)) return this.inForce.get(key);
    if (!findCodeSet(codeSet)) throw notFound('REFERENCE.UNKNOWN_CODE_SET', { codeSet });
    assertDate(onDate);
    const versions = this.versions.get(codeSet) ?? [];
    let found: CodeSetVersion | undefined;
    for (let i = versions.length - 1; i >= 0 && !found; i--) {
      if (versions[i]!.effectiveFrom <= onDate) found = versions[i];
    }
    // The snapshot never changes; the cache is bounded by the days asked of it (a new snapshot is loaded
    // when a version is imported).
    if (this.inForce.size >= 4096) this.inForce.clear();
    this.inForce.set(key, found);
    return found;
  }

  /** The version in force on `onDate`, or 404 REFERENCE.NOT_IN_FORCE. */
  getVersion(codeSet: string, onDate: string): CodeSetVersion {
    const version = this.versionOn(codeSet, onDate);
    if (!version) throw notFound('REFERENCE.NOT_IN_FORCE', { codeSet, onDate });
    return version;
  }

  findCode(codeSet: string, code: string, onDate: string): CodeRow | undefined {
    return this.versionOn(codeSet, onDate)?.byCode.get(code);
  }

  /** The code's row, or 404 REFERENCE.UNKNOWN_CODE. */
  getCode(codeSet: string, code: string, onDate: string): CodeRow {
    const row = this.findCode(codeSet, code, onDate);
    if (!row) throw notFound('REFERENCE.UNKNOWN_CODE', { codeSet, code, onDate });
    return row;
  }

  /** undefined when `code` is valid in `codeSet` on `onDate`; otherwise the reason, as an issue rule. */
  check(codeSet: string, code: string, onDate: string): CodeCheckReason | undefined {
    if (this.findCode(codeSet, code, onDate)) return undefined;
    const other = (this.versions.get(codeSet) ?? []).find((v) => v.byCode.has(code));
    if (other) {
      return {
        rule: 'not_in_force',
        params: { codeSet, code, onDate, from: other.effectiveFrom, to: other.effectiveTo ?? '' },
      };
    }
    return { rule: 'unknown_code', params: { codeSet, code, onDate } };
  }

  /** Customs numeric country code (502) → ISO alpha-3 (USA). */
  countryToIso(code: string, onDate: string): string | undefined {
    return this.findCode('country', code, onDate)?.attributes.iso;
  }

  /** ISO alpha-3 (USA) → customs numeric country code (502). */
  countryFromIso(iso: string, onDate: string): string | undefined {
    return this.fromIso('country', iso, onDate);
  }

  /** Customs numeric currency code (502) → ISO 4217 (USD). */
  currencyToIso(code: string, onDate: string): string | undefined {
    return this.findCode('currency', code, onDate)?.attributes.iso;
  }

  /** ISO 4217 (USD) → customs numeric currency code (502). */
  currencyFromIso(iso: string, onDate: string): string | undefined {
    return this.fromIso('currency', iso, onDate);
  }

  /** The 8-digit tariff line (the first 8 digits of a 10- or 13-digit code), if in force. */
  findTariffLine(code: string, onDate: string): CodeRow | undefined {
    return this.findCode('hs8', code.slice(0, 8), onDate);
  }

  /** Section, chapter, heading, subheading and line of an HS code of 2 to 13 digits. */
  placeHs(code: string, onDate: string): HsPlacement {
    const hs = (digits: number) =>
      code.length >= digits ? this.findCode('hs', code.slice(0, digits), onDate) : undefined;
    const chapter = hs(2);
    const section = chapter?.attributes.section;
    return {
      section: section ? this.findCode('hsSection', section, onDate) : undefined,
      chapter,
      heading: hs(4),
      subheading: hs(6),
      line: code.length >= 8 ? this.findTariffLine(code, onDate) : undefined,
    };
  }

  /** Ranked HS search by code prefix or Chinese/English words over the versions in force on `onDate`. */
  searchHs(query: string, onDate: string, limit = 20): HsSearchResult {
    const nodes = this.versionOn('hs', onDate);
    const lines = this.versionOn('hs8', onDate);
    const key = `${nodes?.id ?? 0}/${lines?.id ?? 0}`;
    let index = this.hsIndexes.get(key);
    if (!index) {
      index = new HsIndex(nodes?.rows ?? [], lines?.rows ?? []);
      this.hsIndexes.set(key, index);
    }
    return index.search(query, limit);
  }

  private fromIso(codeSet: string, iso: string, onDate: string): string | undefined {
    const version = this.versionOn(codeSet, onDate);
    if (!version) return undefined;
    let map = this.isoMaps.get(version);
    if (!map) {
      map = new Map();
      // A code marked primary wins; otherwise the first (lowest) code with that ISO code.
      for (const row of version.rows) {
        const iso = row.attributes.iso;
        if (iso && (!map.has(iso) || row.attributes.primary === '1')) map.set(iso, row.code);
      }
      this.isoMaps.set(version, map);
    }
    return map.get(iso.toUpperCase());
  }
}
