import { type MigrationSet, runDdl } from '../../../platform/db/index.ts';

export const clearanceMigrations: MigrationSet = {
  module: 'clearance',
  migrations: [
    {
      id: '0001_create_declarations',
      async up(db, t) {
        await runDdl(
          db,
          `CREATE TABLE clearance_declaration (
            id TEXT PRIMARY KEY,
            pre_entry_no TEXT NOT NULL UNIQUE,
            entry_id TEXT UNIQUE,
            enterprise_code TEXT NOT NULL,
            trader_code TEXT,
            district TEXT NOT NULL,
            ie_flag TEXT,
            status TEXT NOT NULL,
            channel TEXT,
            content ${t.json} NOT NULL,
            risk ${t.json},
            duty ${t.json},
            inspection ${t.json},
            version INTEGER NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            updated_at ${t.timestamp} NOT NULL,
            declared_at ${t.timestamp},
            released_at ${t.timestamp}
          )`,
          'CREATE INDEX clearance_declaration_enterprise ON clearance_declaration (enterprise_code, created_at)',
          'CREATE INDEX clearance_declaration_trader ON clearance_declaration (trader_code, created_at)',
          'CREATE INDEX clearance_declaration_district ON clearance_declaration (district, status, created_at)',
          'CREATE INDEX clearance_declaration_status ON clearance_declaration (status, created_at)',
          `CREATE TABLE clearance_history (
            id ${t.serialPk},
            declaration_id TEXT NOT NULL REFERENCES clearance_declaration (id),
            at ${t.timestamp} NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            reason TEXT,
            details ${t.json}
          )`,
          'CREATE INDEX clearance_history_declaration ON clearance_history (declaration_id, id)',
          `CREATE TABLE clearance_request (
            id TEXT PRIMARY KEY,
            declaration_id TEXT NOT NULL REFERENCES clearance_declaration (id),
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            proposed ${t.json},
            requested_by TEXT NOT NULL,
            requested_at ${t.timestamp} NOT NULL,
            decided_by TEXT,
            decided_at ${t.timestamp},
            decision_reason TEXT
          )`,
          'CREATE INDEX clearance_request_declaration ON clearance_request (declaration_id)',
          `CREATE TABLE clearance_attachment (
            id TEXT PRIMARY KEY,
            declaration_id TEXT NOT NULL REFERENCES clearance_declaration (id),
            document_type TEXT NOT NULL,
            file_name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size ${t.bigint} NOT NULL,
            sha256 TEXT NOT NULL,
            uploaded_by TEXT NOT NULL,
            uploaded_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX clearance_attachment_declaration ON clearance_attachment (declaration_id)',
          `CREATE TABLE clearance_sequence (name TEXT PRIMARY KEY, value ${t.bigint} NOT NULL)`,
        );
      },
    },
    {
      id: '0002_client_seq_no',
      async up(db) {
        // The sender's ClientSeqNo of a DecMessage: later receipts carry it as their GUID.
        await runDdl(db, 'ALTER TABLE clearance_declaration ADD COLUMN client_seq_no TEXT');
      },
    },
  ],
};
