import { type MigrationSet, runDdl } from '../db/index.ts';

export const auditMigrations: MigrationSet = {
  module: 'platform_audit',
  migrations: [
    {
      id: '0001_create_audit',
      async up(db, t) {
        await runDdl(
          db,
          `CREATE TABLE audit_record (
            seq ${t.bigint} PRIMARY KEY,
            at ${t.timestamp} NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            action TEXT NOT NULL,
            record_type TEXT NOT NULL,
            record_id TEXT NOT NULL,
            ip TEXT,
            request_id TEXT,
            change_hash TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
          )`,
          'CREATE INDEX audit_record_actor ON audit_record (actor_id, seq)',
          'CREATE INDEX audit_record_record ON audit_record (record_type, record_id, seq)',
          'CREATE INDEX audit_record_action ON audit_record (action, seq)',
          'CREATE INDEX audit_record_at ON audit_record (at)',
          // The head of the chain: one row, locked by each append so the chain never forks,
          // and compared by `verify` so a deleted tail is noticed.
          `CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq ${t.bigint} NOT NULL, hash TEXT NOT NULL)`,
          `INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`,
        );
      },
    },
  ],
};
