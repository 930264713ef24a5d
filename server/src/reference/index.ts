// Reference data (信息资源标准): the customs code sets with effective dates. Sits between platform
// and the modules: platform ← reference ← modules. Modules import only this file.
export type { ImportFormat } from './code-set-import.rules.ts';
export { CODE_SETS, type CodeSetDefinition, findCodeSet, SEED_EFFECTIVE_FROM } from './code-sets.ts';
export { type CsvRecord, type CsvTable, csvObjects, parseCsv } from './csv.ts';
export type { HsLevel, HsSearchHit, HsSearchResult } from './hs-search.ts';
export { referenceCatalogue } from './reference.errors.ts';
export { referenceMigrations } from './reference.migrations.ts';
export { registerReferenceRoutes } from './reference.routes.ts';
export {
  type ImportCodeSetInput,
  type ImportCodeSetResult,
  ReferenceData,
  type ReferenceDataOptions,
} from './reference.service.ts';
export {
  assertDate,
  type CodeCheckReason,
  type CodeSetVersion,
  type HsPlacement,
  ReferenceSnapshot,
} from './reference-snapshot.ts';
export type { CodeRow } from './seed-data.ts';
