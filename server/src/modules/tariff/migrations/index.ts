import { type MigrationSet, runDdl } from '../../../platform/db/index.ts';

export const tariffMigrations: MigrationSet = {
  module: 'tariff',
  migrations: [
    {
      id: '0001_create_rates',
      async up(db, t) {
        // Empty strings, not NULLs, for "no agreement / no origin" so the unique key holds on both engines.
        await runDdl(
          db,
          `CREATE TABLE tariff_rate (
            id ${t.serialPk},
            hs_code TEXT NOT NULL,
            kind TEXT NOT NULL,
            agreement TEXT NOT NULL,
            origin_country TEXT NOT NULL,
            form TEXT NOT NULL,
            ad_valorem_percent ${t.decimal},
            specific_amount ${t.decimal},
            specific_unit TEXT,
            effective_from ${t.date} NOT NULL,
            effective_to ${t.date},
            source TEXT NOT NULL,
            imported_at ${t.timestamp} NOT NULL,
            UNIQUE (hs_code, kind, agreement, origin_country, effective_from)
          )`,
          `CREATE TABLE tariff_exchange_rate (
            currency TEXT NOT NULL,
            month TEXT NOT NULL,
            rate ${t.decimal} NOT NULL,
            source TEXT NOT NULL,
            imported_at ${t.timestamp} NOT NULL,
            PRIMARY KEY (currency, month)
          )`,
        );
      },
    },
  ],
};
