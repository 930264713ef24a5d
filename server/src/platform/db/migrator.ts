import { sql } from 'kysely';
import { AppError } from '../errors/index.ts';
import type { Database } from './database.ts';
import type { ColumnTypes, Engine, Executor } from './types.ts';

/** One schema change. Once landed it is never edited: a later change is a new migration. */
export interface Migration {
  /** Ordered within its module: `0001_create_outbox`. */
  id: string;
  up(db: Executor, types: ColumnTypes, engine: Engine): Promise<void>;
}

/** The migrations a module (or platform part) owns, in order. */
export interface MigrationSet {
  module: string;
  migrations: Migration[];
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied to the database but unknown to this code: the database is newer than the code. */
  unknown: string[];
}

interface MigrationRow {
  module: string;
  id: string;
  applied_at: string;
}

type MigrationTables = { platform_migration: MigrationRow };

const LOCK_KEY = 7_310_420_001; // pg advisory lock: one migrator at a time across processes

/** Runs DDL statements one by one (SQLite prepares one statement at a time). */
export async function runDdl(db: Executor, ...statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Applies every module's migrations in order, each in its own transaction, on either engine. */
export class Migrator {
  constructor(
    private readonly db: Database,
    private readonly sets: readonly MigrationSet[],
  ) {
    const seen = new Set<string>();
    for (const set of sets) {
      for (const migration of set.migrations) {
        const key = `${set.module}/${migration.id}`;
        if (seen.has(key)) throw new Error(`migration ${key} is defined twice`);
        seen.add(key);
      }
    }
  }

  async status(): Promise<MigrationStatus> {
    await this.ensureTable();
    const rows = await this.db.kysely
      .withTables<MigrationTables>()
      .selectFrom('platform_migration')
      .select(['module', 'id'])
      .execute();
    const applied = new Set(rows.map((r) => `${r.module}/${r.id}`));
    const known = this.sets.flatMap((set) => set.migrations.map((m) => `${set.module}/${m.id}`));
    const knownSet = new Set(known);
    return {
      applied: known.filter((key) => applied.has(key)),
      pending: known.filter((key) => !applied.has(key)),
      unknown: [...applied].filter((key) => !knownSet.has(key)).sort(),
    };
  }

  /** Applies what is pending; refuses a database migrated by a newer version. Returns what it applied. */
  async migrate(onApplied?: (key: string) => void): Promise<string[]> {
    return this.withLock(async () => {
      const status = await this.status();
      const newest = status.unknown[0];
      if (newest !== undefined) throw new AppError('DB.NEWER_SCHEMA', 500, { migration: newest });
      const pending = new Set(status.pending);
      const done: string[] = [];
      for (const set of this.sets) {
        for (const migration of set.migrations) {
          const key = `${set.module}/${migration.id}`;
          if (!pending.has(key)) continue;
          const applied = await this.db.transaction(async (tx) => {
            // Another process may have applied it since the status was read (SQLite has no advisory lock).
            const already = await tx
              .withTables<MigrationTables>()
              .selectFrom('platform_migration')
              .select('id')
              .where('module', '=', set.module)
              .where('id', '=', migration.id)
              .executeTakeFirst();
            if (already) return false;
            await migration.up(tx, this.db.columnTypes, this.db.engine);
            await tx
              .withTables<MigrationTables>()
              .insertInto('platform_migration')
              .values({ module: set.module, id: migration.id, applied_at: new Date().toISOString() })
              .execute();
            return true;
          });
          if (!applied) continue;
          done.push(key);
          onApplied?.(key);
        }
      }
      return done;
    });
  }

  private async ensureTable(): Promise<void> {
    const t = this.db.columnTypes;
    await runDdl(
      this.db.kysely,
      `CREATE TABLE IF NOT EXISTS platform_migration (
        module TEXT NOT NULL,
        id TEXT NOT NULL,
        applied_at ${t.timestamp} NOT NULL,
        PRIMARY KEY (module, id)
      )`,
    );
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (this.db.engine !== 'postgres') return fn(); // SQLite: each migration's BEGIN IMMEDIATE serializes
    // A session-level advisory lock held on one pooled connection while the work runs on others.
    return this.db.kysely.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${LOCK_KEY})`.execute(conn);
      try {
        return await fn();
      } finally {
        await sql`SELECT pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
      }
    });
  }
}
