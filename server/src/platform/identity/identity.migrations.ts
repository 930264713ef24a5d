import { type MigrationSet, runDdl } from '../db/index.ts';

export const identityMigrations: MigrationSet = {
  module: 'platform_identity',
  migrations: [
    {
      id: '0001_create_identity',
      async up(db, t) {
        await runDdl(
          db,
          `CREATE TABLE identity_user (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            district TEXT,
            enterprise_code TEXT,
            roles ${t.json} NOT NULL,
            password_hash TEXT NOT NULL,
            totp_secret TEXT,
            totp_last_step ${t.bigint},
            failed_logins INTEGER NOT NULL,
            locked_until ${t.timestamp},
            disabled ${t.flag} NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            updated_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX identity_user_enterprise ON identity_user (enterprise_code)',
          // A session is one login; its refresh tokens form a family rotated on each use.
          `CREATE TABLE identity_session (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES identity_user (id),
            created_at ${t.timestamp} NOT NULL,
            expires_at ${t.timestamp} NOT NULL,
            revoked_at ${t.timestamp},
            revoked_reason TEXT
          )`,
          `CREATE TABLE identity_refresh_token (
            token_hash TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES identity_session (id),
            created_at ${t.timestamp} NOT NULL,
            used_at ${t.timestamp}
          )`,
          'CREATE INDEX identity_refresh_token_session ON identity_refresh_token (session_id)',
          `CREATE TABLE identity_api_key (
            id TEXT PRIMARY KEY,
            secret_hash TEXT NOT NULL,
            enterprise_code TEXT NOT NULL,
            name TEXT NOT NULL,
            scopes ${t.json} NOT NULL,
            created_by TEXT NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            last_used_at ${t.timestamp},
            revoked_at ${t.timestamp}
          )`,
          'CREATE INDEX identity_api_key_enterprise ON identity_api_key (enterprise_code)',
          'CREATE TABLE identity_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL)',
        );
      },
    },
  ],
};
