import { type MigrationSet, runDdl } from '../platform/db/index.ts';
import { CODE_SETS, SEED_EFFECTIVE_FROM, SEED_LABEL } from './code-sets.ts';
import { insertCodeSetVersion } from './reference.repository.ts';
import { readSeedCodeSets } from './seed-data.ts';

export const referenceMigrations: MigrationSet = {
  module: 'reference',
  migrations: [
    {
      id: '0001_create_code_sets',
      async up(db, t) {
        // A version is a whole table in force from its date until the next version's date;
        // rows are never updated, so a document keeps the codes in force on its own date.
        await runDdl(
          db,
          `CREATE TABLE reference_code_set_version (
            id ${t.serialPk},
            code_set TEXT NOT NULL,
            label TEXT NOT NULL,
            effective_from ${t.date} NOT NULL,
            source TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            imported_at ${t.timestamp} NOT NULL,
            UNIQUE (code_set, effective_from)
          )`,
          `CREATE TABLE reference_code (
            version_id ${t.bigint} NOT NULL REFERENCES reference_code_set_version (id),
            code TEXT NOT NULL,
            name_zh TEXT,
            name_en TEXT,
            attributes ${t.json} NOT NULL,
            PRIMARY KEY (version_id, code)
          )`,
        );
      },
    },
    {
      id: '0002_load_shipped_code_sets',
      // The shipped files (data/) are the first version of every code set. They are never edited:
      // a newer official table arrives through `jinguan import codeset` as a new version.
      async up(db) {
        const seed = readSeedCodeSets();
        for (const set of CODE_SETS) {
          await insertCodeSetVersion(
            db,
            { codeSet: set.name, label: SEED_LABEL, effectiveFrom: SEED_EFFECTIVE_FROM, source: 'shipped' },
            seed.get(set.name) ?? [],
          );
        }
      },
    },
  ],
};
