import { basename } from 'node:path';
import type { Database, Executor } from '../platform/db/index.ts';
import { AppError, conflict, invalid, notFound } from '../platform/errors/index.ts';
import { chinaDay } from '../platform/time/index.ts';
import { type ImportFormat, parseCodeSetFile } from './code-set-import.rules.ts';
import { findCodeSet } from './code-sets.ts';
import type { HsIndex } from './hs-search.ts';
import { insertCodeSetVersion, listCodes, listVersions, type VersionRow } from './reference.repository.ts';
import { assertDate, type CodeSetVersion, ReferenceSnapshot } from './reference-snapshot.ts';

export interface ImportCodeSetInput {
  codeSet: string;
  /** The file's text; `fileName` names it in messages and in the version's source. */
  content: string;
  fileName: string;
  format?: ImportFormat;
  effectiveFrom: string;
  label?: string;
}

export interface ImportCodeSetResult {
  codeSet: string;
  versionId: number;
  effectiveFrom: string;
  rows: number;
}

export interface ReferenceDataOptions {
  /** How often `current()` looks for versions imported by another process (the CLI). */
  refreshMs?: number;
}

/**
 * The reference data service: loads every code-set version into memory once, picks up versions
 * imported since (versions are immutable, so only new ones are read), and imports new versions.
 */
export class ReferenceData {
  private snapshot: ReferenceSnapshot | undefined;
  private loading: Promise<ReferenceSnapshot> | undefined;
  private checkedAt = 0;
  private readonly loaded = new Map<number, CodeSetVersion>();
  private readonly hsIndexes = new Map<string, HsIndex>();
  private readonly refreshMs: number;

  constructor(
    private readonly db: Database,
    options: ReferenceDataOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 5_000;
  }

  /** The code sets as they are now; loads them on first use (after migrations have run). */
  async current(): Promise<ReferenceSnapshot> {
    if (this.snapshot && Date.now() - this.checkedAt < this.refreshMs) return this.snapshot;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * Loads a newer official table as a new version, atomically; a bad file changes nothing.
   * `withinTransaction` runs in the same transaction once stored (the caller's audit record).
   */
  async importCodeSet(
    input: ImportCodeSetInput,
    withinTransaction?: (tx: Executor, result: ImportCodeSetResult) => Promise<void>,
  ): Promise<ImportCodeSetResult> {
    const definition = findCodeSet(input.codeSet);
    if (!definition) throw notFound('REFERENCE.UNKNOWN_CODE_SET', { codeSet: input.codeSet });
    assertDate(input.effectiveFrom, 'effective');
    const format = input.format ?? (input.fileName.toLowerCase().endsWith('.json') ? 'json' : 'csv');
    const { rows, issues } = parseCodeSetFile(definition, input.content, format);
    if (issues.length > 0) {
      const error = invalid('REFERENCE.INVALID_FILE', issues);
      throw new AppError(error.code, error.status, { ...error.params, file: input.fileName }, error.details);
    }
    const result = await this.db.transaction(async (tx) => {
      // Checked inside the transaction so two imports racing cannot both pass.
      const latest = (await listVersions(tx)).filter((v) => v.code_set === input.codeSet).at(-1);
      if (latest && latest.effective_from >= input.effectiveFrom) {
        throw conflict('REFERENCE.VERSION_NOT_NEWER', {
          codeSet: input.codeSet,
          effectiveFrom: input.effectiveFrom,
          latest: latest.effective_from,
        });
      }
      const versionId = await insertCodeSetVersion(
        tx,
        {
          codeSet: input.codeSet,
          label: input.label ?? basename(input.fileName),
          effectiveFrom: input.effectiveFrom,
          source: `import:${basename(input.fileName)}`,
        },
        rows,
      );
      const stored = {
        codeSet: input.codeSet,
        versionId,
        effectiveFrom: input.effectiveFrom,
        rows: rows.length,
      };
      await withinTransaction?.(tx, stored);
      return stored;
    });
    this.checkedAt = 0; // the next read picks the new version up at once
    return result;
  }

  private async load(): Promise<ReferenceSnapshot> {
    const versions = await listVersions(this.db.kysely);
    const fresh = versions.filter((v) => !this.loaded.has(v.id)).map((v) => v.id);
    if (this.snapshot && fresh.length === 0) {
      this.checkedAt = Date.now();
      return this.snapshot;
    }
    const codes = await listCodes(this.db.kysely, fresh);
    const bySet = new Map<string, CodeSetVersion[]>();
    for (const row of versions) {
      const list = bySet.get(row.code_set) ?? [];
      list.push(this.versionOf(row, codes.get(row.id)));
      bySet.set(row.code_set, list);
    }
    for (const list of bySet.values()) {
      list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
      list.forEach((version, i) => {
        const next = list[i + 1];
        version.effectiveTo = next ? dayBefore(next.effectiveFrom) : null;
      });
    }
    this.snapshot = new ReferenceSnapshot(bySet, this.hsIndexes);
    // Build today's HS index now, so no search request pays for it.
    this.snapshot.searchHs('0', chinaDay(new Date()), 1);
    this.checkedAt = Date.now();
    return this.snapshot;
  }

  private versionOf(row: VersionRow, rows: CodeSetVersion['rows'] | undefined): CodeSetVersion {
    const known = this.loaded.get(row.id);
    if (known) return known;
    const list = rows ?? [];
    const version: CodeSetVersion = {
      id: row.id,
      codeSet: row.code_set,
      label: row.label,
      source: row.source,
      effectiveFrom: row.effective_from,
      effectiveTo: null,
      rows: list,
      byCode: new Map(list.map((r) => [r.code, r])),
    };
    this.loaded.set(row.id, version);
    return version;
  }
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
