import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { insertRowsPostgres, insertRowsSqlite } from './bulk-insert.ts';
import { portableTypeParser, sqliteFile, withStatementCache } from './connections.ts';
import { backoffMs, GroupAbortedError, isRetryableDbError, sleep } from './retry.ts';
import { Slots } from './slots.ts';
import { Checkpointer, WalSync } from './sqlite-durability.ts';
import { COLUMN_TYPES, type ColumnTypes, type Engine, type Executor, type NoTables } from './types.ts';

export interface DatabaseOptions {
  /** File path, `sqlite:` URL, `:memory:`, or `postgres://` URL. */
  url: string;
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface TransactionOptions {
  /** Attempts before a busy/serialization failure is given up; 1 disables retry. */
  maxAttempts?: number;
}

type Row = Record<string, unknown>;

interface GroupMember {
  fn: (tx: Executor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A group of SQLite transactions stops taking members after this many, or this long (latency bound). */
const GROUP_MAX_MEMBERS = 256;
const GROUP_MAX_MS = 20;

/**
 * The one storage handle of the platform: a Kysely over better-sqlite3 or PostgreSQL, with
 * retried transactions, after-commit hooks and a bulk writer for hot paths.
 */
export class Database {
  readonly columnTypes: ColumnTypes;
  private readonly afterCommitHooks = new WeakMap<Executor, (() => void)[]>();
  private readonly beforeCommitHooks = new WeakMap<Executor, ((tx: Executor) => Promise<void>)[]>();
  private readonly sqliteStatements = new Map<string, SqliteDatabase.Statement>();
  /** Transactions committed, COMMIT statements issued (fewer on SQLite: group commit), WAL syncs. */
  readonly stats = { transactions: 0, commits: 0, syncs: 0 };
  private readonly groupQueue: GroupMember[] = [];
  private transactionSlots: Slots | undefined;
  private groupRunning = false;
  private groupsDone: Promise<void> = Promise.resolve();
  private readonly answering = new Set<Promise<void>>();
  /** Set when committed data could not be made durable: every later transaction fails (see `ping`). */
  private fatal: Error | undefined;

  /**
   * `kysely` answers queries outside transactions; `writer` runs transactions. On PostgreSQL both
   * are the same pool. On SQLite they are two connections to one WAL file, so a lookup made while
   * a transaction is open (another module's read inside a use case) reads the last committed state
   * instead of waiting forever for the one connection the transaction holds — as on PostgreSQL.
   */
  private constructor(
    readonly engine: Engine,
    readonly kysely: Executor,
    private readonly writer: Executor,
    private readonly sqlite: SqliteDatabase.Database | undefined,
    private readonly walSync?: WalSync,
    private readonly checkpointer?: Checkpointer,
  ) {
    this.columnTypes = COLUMN_TYPES[engine];
  }

  static open(options: DatabaseOptions): Database {
    if (/^postgres(ql)?:\/\//.test(options.url)) return Database.openPostgres(options);
    return Database.openSqlite(options);
  }

  private static openSqlite(options: DatabaseOptions): Database {
    const file = sqliteFile(options.url);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const synchronous = options.sqliteSynchronous ?? 'FULL';
    const open = (level: 'FULL' | 'NORMAL') => {
      const handle = new SqliteDatabase(file);
      handle.pragma('journal_mode = WAL');
      handle.pragma(`synchronous = ${level}`);
      handle.pragma('busy_timeout = 5000');
      handle.pragma('foreign_keys = ON');
      return handle;
    };
    // FULL durability without blocking the event loop (ADR 0008): the writer commits without
    // fsync and the WAL is synced off the main thread before any caller is answered.
    const walSync = synchronous === 'FULL' && file !== ':memory:' ? new WalSync(`${file}-wal`) : undefined;
    const writerHandle = open(walSync ? 'NORMAL' : synchronous);
    let checkpointer: Checkpointer | undefined;
    if (file !== ':memory:') {
      // Checkpoints (copying the WAL into the database file, two fsyncs) run on a worker thread;
      // the writer checkpoints itself only if the WAL grows past 256 MB (the worker lags or died).
      writerHandle.pragma('wal_autocheckpoint = 65536');
      checkpointer = new Checkpointer(file);
    }
    const writer = new Kysely<NoTables>({
      dialect: new SqliteDialect({ database: withStatementCache(writerHandle) }),
    });
    // An in-memory database cannot be shared between connections: one connection does both.
    const reader =
      file === ':memory:'
        ? writer
        : new Kysely<NoTables>({
            dialect: new SqliteDialect({ database: withStatementCache(open(synchronous)) }),
          });
    return new Database('sqlite', reader, writer, writerHandle, walSync, checkpointer);
  }

  private static openPostgres(options: DatabaseOptions): Database {
    const poolSize = options.poolSize ?? 20;
    const pool = new pg.Pool({
      connectionString: options.url,
      max: poolSize,
      // A request that cannot get a connection fails after a minute instead of waiting forever.
      connectionTimeoutMillis: 60_000,
      types: { getTypeParser: portableTypeParser },
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const kysely = new Kysely<NoTables>({ dialect: new PostgresDialect({ pool }) });
    const database = new Database('postgres', kysely, kysely, undefined);
    // Transactions may hold at most this many connections: the rest stay free for the reads a use
    // case makes through other modules while its transaction is open (else 20 transactions each
    // waiting for a 21st connection would wait forever).
    database.transactionSlots = new Slots(Math.max(1, poolSize - Math.max(2, Math.ceil(poolSize / 4))));
    return database;
  }

  /**
   * Runs `fn` in one transaction on one connection and commits; rolls back on any error.
   * SQLITE_BUSY and PostgreSQL serialization failures or deadlocks are retried with backoff.
   */
  async transaction<T>(fn: (tx: Executor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const maxAttempts = options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runTransaction(fn);
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryableDbError(error)) throw error;
        await sleep(backoffMs(attempt));
      }
    }
  }

  private runTransaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    if (this.engine === 'sqlite') return this.joinGroup(fn);
    return this.runAlone(fn);
  }

  /** PostgreSQL: one transaction on one pooled connection (the server groups concurrent commits itself). */
  private async runAlone<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    const slots = this.transactionSlots;
    if (slots) await slots.acquire();
    try {
      return await this.runOnConnection(fn);
    } finally {
      slots?.release();
    }
  }

  private async runOnConnection<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    const hooks: (() => void)[] = [];
    const result = await this.writer.connection().execute(async (tx) => {
      await sql.raw('BEGIN').execute(tx);
      try {
        const value = await this.runBody(tx, fn, hooks);
        await sql.raw('COMMIT').execute(tx);
        this.stats.commits++;
        this.stats.transactions++;
        return value;
      } catch (error) {
        await sql
          .raw('ROLLBACK')
          .execute(tx)
          .catch(() => {});
        throw error;
      }
    });
    for (const hook of hooks) hook();
    return result;
  }

  /** The body of one transaction with its hooks registered; buffered writes are flushed at its end. */
  private async runBody<T>(
    tx: Executor,
    fn: (tx: Executor) => Promise<T>,
    hooks: (() => void)[],
  ): Promise<T> {
    this.afterCommitHooks.set(tx, hooks);
    const flushes: ((tx: Executor) => Promise<void>)[] = [];
    this.beforeCommitHooks.set(tx, flushes);
    try {
      const value = await fn(tx);
      // Writes buffered during the transaction go in last, still inside it.
      for (let i = 0; i < flushes.length; i++) await flushes[i]!(tx);
      return value;
    } finally {
      this.afterCommitHooks.delete(tx);
      this.beforeCommitHooks.delete(tx);
    }
  }

  /**
   * SQLite group commit (ADR 0008): transactions that wait for the one writer connection while
   * another runs are run one after another inside a single BEGIN IMMEDIATE … COMMIT, each in its
   * own savepoint, so one fsync serves them all. A body that throws rolls back to its savepoint
   * and fails alone; no caller is answered before the COMMIT that makes its writes durable.
   */
  private joinGroup<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // After a failed sync nothing more runs (see answer()): not queued, so never committed.
      if (this.fatal) return reject(this.fatal);
      this.groupQueue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.groupRunning) this.groupsDone = this.runGroups();
    });
  }

  private async runGroups(): Promise<void> {
    this.groupRunning = true;
    try {
      while (this.groupQueue.length > 0) {
        // One turn of the event loop first: requests whose work is already waiting there (a parsed
        // message, say) join this group instead of each committing alone (docs/adr/0008).
        await new Promise((resolve) => setImmediate(resolve));
        const fatal = this.fatal;
        if (fatal) {
          for (const member of this.groupQueue.splice(0)) member.reject(fatal);
          break;
        }
        await this.runGroup();
      }
    } finally {
      this.groupRunning = false;
    }
  }

  private async runGroup(): Promise<void> {
    const done: { member: GroupMember; value: unknown; hooks: (() => void)[] }[] = [];
    // Callers whose body threw are answered once the write lock is released, never while it is held.
    const refused: { member: GroupMember; error: unknown }[] = [];
    let failure: unknown;
    let begun = false;
    try {
      await this.writer.connection().execute(async (tx) => {
        // IMMEDIATE takes the write lock up front so two processes cannot deadlock upgrading a read lock.
        await sql.raw('BEGIN IMMEDIATE').execute(tx);
        begun = true;
        const started = performance.now();
        try {
          while (
            this.groupQueue.length > 0 &&
            done.length < GROUP_MAX_MEMBERS &&
            performance.now() - started < GROUP_MAX_MS
          ) {
            const member = this.groupQueue.shift()!;
            const hooks: (() => void)[] = [];
            try {
              await sql.raw('SAVEPOINT jg_member').execute(tx);
              // Each member gets its own executor object (same connection): state that use cases
              // keep per transaction (hooks here, buffered writes in modules) is keyed by it.
              const value = await this.runBody(tx.withoutPlugins(), member.fn, hooks);
              await sql.raw('RELEASE jg_member').execute(tx);
              done.push({ member, value, hooks });
            } catch (error) {
              refused.push({ member, error });
              // Some errors (disk full, I/O) end the whole transaction: the members before are lost too.
              const intact =
                this.sqlite!.inTransaction &&
                (await sql
                  .raw('ROLLBACK TO jg_member')
                  .execute(tx)
                  .then(() => sql.raw('RELEASE jg_member').execute(tx))
                  .then(
                    () => true,
                    () => false,
                  ));
              if (!intact) throw new GroupAbortedError(error);
            }
          }
          await sql.raw('COMMIT').execute(tx);
          this.stats.commits++;
          this.stats.transactions += done.length;
        } catch (error) {
          if (this.sqlite!.inTransaction)
            await sql
              .raw('ROLLBACK')
              .execute(tx)
              .catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      failure = error;
      // BEGIN itself failed (another process holds the lock): the waiting callers retry on their own.
      if (!begun) for (const member of this.groupQueue.splice(0)) member.reject(error);
    }
    for (const { member, error } of refused) member.reject(error);
    // The next group may start while this one's WAL sync runs; its callers wait for their own sync.
    const answered = this.answer(done, failure);
    this.answering.add(answered);
    void answered.finally(() => this.answering.delete(answered));
  }

  private async answer(
    done: { member: GroupMember; value: unknown; hooks: (() => void)[] }[],
    failure: unknown,
  ): Promise<void> {
    if (failure === undefined && this.walSync && done.length > 0)
      try {
        await this.walSync.sync();
        this.stats.syncs = this.walSync.syncs;
        this.checkpointer?.poke();
      } catch (error) {
        // Committed but not known to be on disk, and after a failed fsync the kernel may have
        // dropped the pages: as PostgreSQL does, stop — no member is told it succeeded, every
        // later transaction fails and /readyz says so, until the process restarts and recovers.
        this.fatal = new Error(`the database could not be made durable: ${(error as Error).message}`, {
          cause: error,
        });
        failure = this.fatal;
      }
    if (failure !== undefined) {
      // Nothing of this group is known durable: every member that ran fails (retried when the cause allows).
      for (const { member } of done) member.reject(failure);
      return;
    }
    for (const { member, value, hooks } of done) {
      try {
        for (const hook of hooks) hook();
        member.resolve(value);
      } catch (error) {
        member.reject(error);
      }
    }
  }

  /**
   * Runs `flush` at the end of the transaction of `tx`, just before COMMIT, inside it (a failure
   * rolls everything back). Lets a use case buffer many small writes and make them in bulk.
   */
  beforeCommit(tx: Executor, flush: (tx: Executor) => Promise<void>): void {
    const flushes = this.beforeCommitHooks.get(tx);
    if (!flushes) throw new Error('beforeCommit called outside a transaction');
    flushes.push(flush);
  }

  /** Runs `hook` once the transaction of `tx` has committed (never if it rolls back). */
  afterCommit(tx: Executor, hook: () => void): void {
    const hooks = this.afterCommitHooks.get(tx);
    if (!hooks) throw new Error('afterCommit called outside a transaction');
    hooks.push(hook);
  }

  /**
   * Inserts many rows of one table inside the caller's transaction: a cached prepared statement
   * run per row on SQLite, multi-row INSERTs on PostgreSQL. Every row must have the same keys.
   */
  async bulkInsert(tx: Executor, table: string, rows: readonly Row[]): Promise<void> {
    const first = rows[0];
    if (!first) return;
    if (!this.afterCommitHooks.has(tx)) throw new Error('bulkInsert must run inside a transaction');
    if (this.sqlite) insertRowsSqlite(this.sqlite, this.sqliteStatements, table, rows);
    else await insertRowsPostgres(tx, table, rows);
  }

  /** Throws when the database cannot answer a trivial query. */
  async ping(): Promise<void> {
    if (this.fatal) throw this.fatal;
    await sql`SELECT 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    // Let running groups finish and their callers be answered before the files are closed.
    await this.groupsDone;
    await Promise.allSettled([...this.answering]);
    this.sqliteStatements.clear();
    this.walSync?.close();
    await this.checkpointer?.close();
    if (this.writer !== this.kysely) await this.writer.destroy();
    await this.kysely.destroy();
  }

  /** The file behind an embedded database (undefined on PostgreSQL or in memory). */
  get sqliteFile(): string | undefined {
    return this.sqlite && this.sqlite.name !== ':memory:' ? this.sqlite.name : undefined;
  }
}
