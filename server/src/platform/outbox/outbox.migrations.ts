import { type MigrationSet, runDdl } from '../db/index.ts';

export const outboxMigrations: MigrationSet = {
  module: 'platform_outbox',
  migrations: [
    {
      id: '0001_create_outbox',
      async up(db, t, engine) {
        // On PostgreSQL each event carries the id of the transaction that wrote it, so the dispatcher
        // can read only events whose transactions have all finished (see docs/adr/0003-outbox-ordering.md).
        const txColumn =
          engine === 'postgres'
            ? 'tx BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)'
            : 'tx INTEGER NOT NULL DEFAULT 0';
        await runDdl(
          db,
          `CREATE TABLE platform_outbox_event (
            id ${t.serialPk},
            ${txColumn},
            type TEXT NOT NULL,
            aggregate_id TEXT NOT NULL,
            payload ${t.json} NOT NULL,
            occurred_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX platform_outbox_event_position ON platform_outbox_event (tx, id)',
          `CREATE TABLE platform_outbox_cursor (
            subscriber TEXT PRIMARY KEY,
            tx ${t.bigint} NOT NULL,
            event_id ${t.bigint} NOT NULL,
            delivered ${t.bigint} NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at ${t.timestamp},
            last_error TEXT,
            updated_at ${t.timestamp} NOT NULL
          )`,
        );
      },
    },
  ],
};
