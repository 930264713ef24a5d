import { randomBytes } from 'node:crypto';
import { type MigrationSet, runDdl } from '../../../platform/db/index.ts';
import { DEFAULT_PACK_CODE, DEFAULT_PACK_V1 } from '../default-pack.ts';

export const riskMigrations: MigrationSet = {
  module: 'risk',
  migrations: [
    {
      id: '0001_create_risk',
      async up(db, t) {
        await runDdl(
          db,
          `CREATE TABLE risk_pack (
            code TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            created_by TEXT NOT NULL
          )`,
          // A version is immutable once created; activation only stamps when it takes effect.
          `CREATE TABLE risk_pack_version (
            pack_code TEXT NOT NULL REFERENCES risk_pack (code),
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            note TEXT NOT NULL,
            rules ${t.json} NOT NULL,
            rule_count INTEGER NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            created_by TEXT NOT NULL,
            effective_from ${t.timestamp},
            activated_at ${t.timestamp},
            activated_by TEXT,
            PRIMARY KEY (pack_code, version)
          )`,
          // Secrets stay: an auditor recomputes old draws with the seed a decision names.
          `CREATE TABLE risk_sampling_seed (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            secret TEXT NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            created_by TEXT NOT NULL
          )`,
          `CREATE TABLE risk_decision (
            id TEXT PRIMARY KEY,
            subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            district TEXT NOT NULL,
            enterprise_code TEXT NOT NULL,
            channel TEXT NOT NULL,
            assessed_at ${t.timestamp} NOT NULL,
            packs ${t.json} NOT NULL,
            fired ${t.json} NOT NULL,
            seed_id TEXT NOT NULL,
            draw ${t.decimal} NOT NULL,
            rate ${t.decimal} NOT NULL,
            sampled ${t.flag} NOT NULL,
            subject ${t.json} NOT NULL
          )`,
          'CREATE INDEX risk_decision_subject ON risk_decision (subject_kind, subject_id)',
          'CREATE INDEX risk_decision_assessed ON risk_decision (assessed_at, id)',
          'CREATE INDEX risk_decision_district ON risk_decision (district, assessed_at)',
        );
      },
    },
    {
      id: '0002_default_pack_and_seed',
      async up(db) {
        const at = new Date(0).toISOString();
        const by = 'jinguan (shipped)';
        const q = db.withTables<{
          risk_pack: Record<string, unknown>;
          risk_pack_version: Record<string, unknown>;
          risk_sampling_seed: Record<string, unknown>;
        }>();
        await q
          .insertInto('risk_pack')
          .values({
            code: DEFAULT_PACK_CODE,
            name_zh: '默认规则包',
            name_en: 'Default rules',
            created_at: at,
            created_by: by,
          })
          .execute();
        // In force from the epoch, so every assessment has a pack before analysts publish their own.
        await q
          .insertInto('risk_pack_version')
          .values({
            pack_code: DEFAULT_PACK_CODE,
            version: 1,
            status: 'active',
            note: 'shipped demonstration rules',
            rules: JSON.stringify(DEFAULT_PACK_V1),
            rule_count: DEFAULT_PACK_V1.length,
            created_at: at,
            created_by: by,
            effective_from: at,
            activated_at: at,
            activated_by: by,
          })
          .execute();
        // Each database draws its own secret: nobody outside can predict which subjects are sampled.
        await q
          .insertInto('risk_sampling_seed')
          .values({
            id: 'seed-1',
            seq: 1,
            secret: randomBytes(32).toString('hex'),
            created_at: new Date().toISOString(),
            created_by: by,
          })
          .execute();
      },
    },
  ],
};
