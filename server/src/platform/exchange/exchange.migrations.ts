import { type MigrationSet, runDdl } from '../db/index.ts';

export const exchangeMigrations: MigrationSet = {
  module: 'platform_exchange',
  migrations: [
    {
      id: '0001_create_exchange',
      async up(db, t, engine) {
        // Receipts are read by a (tx, id) cursor, like outbox events (docs/adr/0003-outbox-ordering.md).
        const txColumn =
          engine === 'postgres'
            ? 'tx BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)'
            : 'tx INTEGER NOT NULL DEFAULT 0';
        await runDdl(
          db,
          // The inbox: one row per (sender, guid), written in the transaction of the message's effect.
          `CREATE TABLE exchange_message (
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            message_type TEXT NOT NULL,
            payload_sha256 TEXT NOT NULL,
            receipt ${t.json} NOT NULL,
            received_at ${t.timestamp} NOT NULL,
            PRIMARY KEY (sender, guid)
          )`,
          `CREATE TABLE exchange_receipt (
            seq ${t.serialPk},
            ${txColumn},
            id TEXT NOT NULL UNIQUE,
            enterprise_code TEXT NOT NULL,
            message_type TEXT NOT NULL,
            guid TEXT NOT NULL,
            status TEXT NOT NULL,
            reasons ${t.json},
            data ${t.json},
            created_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX exchange_receipt_position ON exchange_receipt (enterprise_code, tx, seq)',
          `CREATE TABLE exchange_webhook (
            id TEXT PRIMARY KEY,
            enterprise_code TEXT NOT NULL,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            description TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            deleted_at ${t.timestamp}
          )`,
          'CREATE INDEX exchange_webhook_enterprise ON exchange_webhook (enterprise_code)',
          // One row per receipt per webhook: its own queue entry, retried until delivered or dead.
          `CREATE TABLE exchange_delivery (
            id ${t.serialPk},
            webhook_id TEXT NOT NULL REFERENCES exchange_webhook (id),
            receipt_id TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            window_started_at ${t.timestamp} NOT NULL,
            next_attempt_at ${t.timestamp} NOT NULL,
            lease_until ${t.timestamp},
            last_error TEXT,
            delivered_at ${t.timestamp},
            dead_at ${t.timestamp}
          )`,
          'CREATE INDEX exchange_delivery_due ON exchange_delivery (status, next_attempt_at)',
          'CREATE INDEX exchange_delivery_webhook ON exchange_delivery (webhook_id, status)',
        );
      },
    },
    {
      // The inbox keeps its first receipt's id, not a second copy of the receipt: that copy was a
      // fifth of the bytes written per e-commerce list (ADR 0013). Rows written before keep theirs.
      id: '0002_inbox_receipt_id',
      async up(db, t, engine) {
        if (engine === 'postgres') {
          await runDdl(
            db,
            'ALTER TABLE exchange_message ADD COLUMN receipt_id TEXT',
            'ALTER TABLE exchange_message ALTER COLUMN receipt DROP NOT NULL',
            // NOT VALID here, validated by the next migration in its own transaction: the existing rows
            // are then checked without the exclusive lock this one holds until it commits.
            'ALTER TABLE exchange_message ADD CONSTRAINT exchange_message_receipt CHECK (receipt IS NOT NULL OR receipt_id IS NOT NULL) NOT VALID',
          );
          return;
        }
        // SQLite cannot drop a NOT NULL: the table is rebuilt, clustered on its key (one B-tree, not a
        // table and an index: a sender's GUIDs are random, each new one dirties a page of each).
        await runDdl(
          db,
          `CREATE TABLE exchange_message_new (
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            message_type TEXT NOT NULL,
            payload_sha256 TEXT NOT NULL,
            receipt_id TEXT,
            receipt ${t.json},
            received_at ${t.timestamp} NOT NULL,
            PRIMARY KEY (sender, guid),
            CHECK (receipt IS NOT NULL OR receipt_id IS NOT NULL)
          ) WITHOUT ROWID`,
          `INSERT INTO exchange_message_new (sender, guid, message_type, payload_sha256, receipt, received_at)
            SELECT sender, guid, message_type, payload_sha256, receipt, received_at FROM exchange_message
            ORDER BY sender, guid`,
          'DROP TABLE exchange_message',
          'ALTER TABLE exchange_message_new RENAME TO exchange_message',
        );
      },
    },
    {
      id: '0003_inbox_receipt_check_validated',
      async up(db, _t, engine) {
        if (engine === 'postgres')
          await runDdl(db, 'ALTER TABLE exchange_message VALIDATE CONSTRAINT exchange_message_receipt');
      },
    },
    {
      // SQLite: the inbox back to a rowid table with its key index (ADR 0018). Clustered on (sender,
      // guid), each random GUID put a whole ~200-byte row into a random page, which filled and split
      // three times as often as the key index's ~60-byte entries do; the table itself is appended to.
      // Copied in key order (the old table's own order): the new key index is built by appending.
      id: '0004_inbox_rowid_table',
      async up(db, t, engine) {
        if (engine !== 'sqlite') return;
        await runDdl(
          db,
          `CREATE TABLE exchange_message_new (
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            message_type TEXT NOT NULL,
            payload_sha256 TEXT NOT NULL,
            receipt_id TEXT,
            receipt ${t.json},
            received_at ${t.timestamp} NOT NULL,
            PRIMARY KEY (sender, guid),
            CHECK (receipt IS NOT NULL OR receipt_id IS NOT NULL)
          )`,
          `INSERT INTO exchange_message_new (sender, guid, message_type, payload_sha256, receipt_id, receipt, received_at)
            SELECT sender, guid, message_type, payload_sha256, receipt_id, receipt, received_at FROM exchange_message
            ORDER BY sender, guid`,
          'DROP TABLE exchange_message',
          'ALTER TABLE exchange_message_new RENAME TO exchange_message',
        );
      },
    },
  ],
};
