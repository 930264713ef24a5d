import { type MigrationSet, runDdl } from '../../../platform/db/index.ts';

export const creditMigrations: MigrationSet = {
  module: 'credit',
  migrations: [
    {
      id: '0001_create_registry_and_scores',
      async up(db, t) {
        await runDdl(
          db,
          // 海关注册编码 (code) is the enterprise code used everywhere; 统一社会信用代码 (uscc).
          `CREATE TABLE credit_enterprise (
            code TEXT PRIMARY KEY,
            uscc TEXT NOT NULL UNIQUE,
            name_zh TEXT NOT NULL,
            name_en TEXT,
            address TEXT NOT NULL,
            district TEXT NOT NULL,
            types TEXT NOT NULL,
            registered_on ${t.date} NOT NULL,
            updated_at ${t.timestamp} NOT NULL,
            version INTEGER NOT NULL
          )`,
          'CREATE INDEX credit_enterprise_district ON credit_enterprise (district)',
          `CREATE TABLE credit_enterprise_change (
            id ${t.serialPk},
            enterprise_code TEXT NOT NULL,
            version INTEGER NOT NULL,
            changed_at ${t.timestamp} NOT NULL,
            changed_by TEXT NOT NULL,
            changes ${t.json} NOT NULL
          )`,
          'CREATE INDEX credit_enterprise_change_code ON credit_enterprise_change (enterprise_code, version)',
          `CREATE TABLE credit_score (
            enterprise_code TEXT PRIMARY KEY,
            score INTEGER,
            previous_score INTEGER,
            level TEXT NOT NULL,
            level_since ${t.date} NOT NULL,
            reasons TEXT NOT NULL,
            scored_on ${t.date}
          )`,
          `CREATE TABLE credit_level_change (
            id ${t.serialPk},
            enterprise_code TEXT NOT NULL,
            from_level TEXT,
            to_level TEXT NOT NULL,
            effective_on ${t.date} NOT NULL,
            score INTEGER,
            recorded_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX credit_level_change_code ON credit_level_change (enterprise_code, effective_on)',
          'CREATE INDEX credit_level_change_on ON credit_level_change (effective_on)',
          `CREATE TABLE credit_fact (
            id ${t.serialPk},
            enterprise_code TEXT NOT NULL,
            kind TEXT NOT NULL,
            occurred_on ${t.date} NOT NULL,
            count INTEGER NOT NULL,
            amount ${t.money},
            source TEXT NOT NULL,
            ref TEXT,
            recorded_at ${t.timestamp} NOT NULL
          )`,
          // Covering index: the daily run aggregates counts without touching the table.
          'CREATE INDEX credit_fact_enterprise ON credit_fact (enterprise_code, occurred_on, kind, count)',
          `CREATE TABLE credit_rescore_run (
            run_on ${t.date} PRIMARY KEY,
            started_at ${t.timestamp} NOT NULL,
            finished_at ${t.timestamp},
            enterprises INTEGER NOT NULL,
            changed INTEGER NOT NULL,
            level_changes INTEGER NOT NULL,
            actor TEXT NOT NULL
          )`,
        );
      },
    },
    {
      id: '0002_create_decisions',
      async up(db, t) {
        await runDdl(
          db,
          `CREATE TABLE credit_annual_report (
            id ${t.serialPk},
            enterprise_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            filed_on ${t.date} NOT NULL,
            status TEXT NOT NULL,
            review ${t.json} NOT NULL,
            late ${t.flag} NOT NULL,
            debt_ratio_high ${t.flag} NOT NULL,
            payload ${t.json} NOT NULL,
            decided_by TEXT,
            decided_at ${t.timestamp},
            UNIQUE (enterprise_code, year)
          )`,
          'CREATE INDEX credit_annual_report_status ON credit_annual_report (status, filed_on)',
          `CREATE TABLE credit_certification (
            id ${t.serialPk},
            enterprise_code TEXT NOT NULL,
            level TEXT NOT NULL,
            decided_on ${t.date} NOT NULL,
            valid_from ${t.date} NOT NULL,
            valid_to ${t.date},
            revoked_on ${t.date},
            decided_by TEXT NOT NULL,
            note TEXT
          )`,
          'CREATE INDEX credit_certification_code ON credit_certification (enterprise_code, valid_from)',
          `CREATE TABLE credit_discredit (
            id ${t.serialPk},
            enterprise_code TEXT NOT NULL,
            reason TEXT NOT NULL,
            effective_from ${t.date} NOT NULL,
            repairable_on ${t.date} NOT NULL,
            ended_on ${t.date},
            end_kind TEXT,
            recorded_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX credit_discredit_code ON credit_discredit (enterprise_code, ended_on)',
          `CREATE TABLE credit_appeal (
            id ${t.serialPk},
            enterprise_code TEXT NOT NULL,
            kind TEXT NOT NULL,
            discredit_id INTEGER NOT NULL,
            reason TEXT NOT NULL,
            submitted_at ${t.timestamp} NOT NULL,
            submitted_by TEXT NOT NULL,
            status TEXT NOT NULL,
            decided_by TEXT,
            decided_at ${t.timestamp},
            decision_note TEXT
          )`,
          'CREATE INDEX credit_appeal_code ON credit_appeal (enterprise_code, status)',
          `CREATE TABLE credit_mra_partner (
            economy TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            signed_on ${t.date} NOT NULL,
            effective_from ${t.date} NOT NULL,
            effective_to ${t.date}
          )`,
          `CREATE TABLE credit_foreign_aeo (
            economy TEXT NOT NULL,
            aeo_code TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            valid_from ${t.date} NOT NULL,
            valid_to ${t.date},
            updated_at ${t.timestamp} NOT NULL,
            PRIMARY KEY (economy, aeo_code)
          )`,
        );
      },
    },
  ],
};
