export { Database, type DatabaseOptions, type TransactionOptions } from './database.ts';
export { Dec, sumDecimals, toDecimalString, toMoney } from './decimal.ts';
export { timeOrderedHexId, uuidv7 } from './ids.ts';
export { type Migration, type MigrationSet, type MigrationStatus, Migrator, runDdl } from './migrator.ts';
export { isRetryableDbError } from './retry.ts';
export { COLUMN_TYPES, type ColumnTypes, type Engine, type Executor, type NoTables } from './types.ts';
