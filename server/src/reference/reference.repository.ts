import type { Generated } from 'kysely';
import type { Executor } from '../platform/db/index.ts';
import type { CodeRow } from './seed-data.ts';

export interface VersionRow {
  id: number;
  code_set: string;
  label: string;
  effective_from: string;
  source: string;
  row_count: number;
  imported_at: string;
}

interface CodeDbRow {
  version_id: number;
  code: string;
  name_zh: string | null;
  name_en: string | null;
  attributes: string;
}

type ReferenceTables = {
  reference_code_set_version: Omit<VersionRow, 'id'> & { id: Generated<number> };
  reference_code: CodeDbRow;
};

const tables = (db: Executor) => db.withTables<ReferenceTables>();

// 1,000 rows × 5 columns stays under both engines' bind-parameter limits.
const CHUNK = 1000;

/** Stores one version of a code set with all its rows; run inside the caller's transaction. */
export async function insertCodeSetVersion(
  tx: Executor,
  version: { codeSet: string; label: string; effectiveFrom: string; source: string },
  rows: readonly CodeRow[],
): Promise<number> {
  const inserted = await tables(tx)
    .insertInto('reference_code_set_version')
    .values({
      code_set: version.codeSet,
      label: version.label,
      effective_from: version.effectiveFrom,
      source: version.source,
      row_count: rows.length,
      imported_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const versionId = Number(inserted.id);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK).map((row) => ({
      version_id: versionId,
      code: row.code,
      name_zh: row.nameZh,
      name_en: row.nameEn,
      attributes: JSON.stringify(row.attributes),
    }));
    await tables(tx).insertInto('reference_code').values(chunk).execute();
  }
  return versionId;
}

/** Every version of every code set (a small table: one row per import). */
export async function listVersions(db: Executor): Promise<VersionRow[]> {
  const rows = await tables(db)
    .selectFrom('reference_code_set_version')
    .selectAll()
    .orderBy('code_set')
    .orderBy('effective_from')
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), row_count: Number(row.row_count) }));
}

/** The rows of the given versions, grouped by version id. */
export async function listCodes(
  db: Executor,
  versionIds: readonly number[],
): Promise<Map<number, CodeRow[]>> {
  const byVersion = new Map<number, CodeRow[]>(versionIds.map((id) => [id, []]));
  if (versionIds.length === 0) return byVersion;
  const rows = await tables(db)
    .selectFrom('reference_code')
    .selectAll()
    .where('version_id', 'in', [...versionIds])
    .orderBy('version_id')
    .orderBy('code')
    .execute();
  for (const row of rows) {
    byVersion.get(Number(row.version_id))?.push({
      code: row.code,
      nameZh: row.name_zh,
      nameEn: row.name_en,
      attributes: JSON.parse(row.attributes) as Record<string, string>,
    });
  }
  return byVersion;
}
