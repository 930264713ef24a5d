import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from './database.ts';
import { runDdl } from './migrator.ts';
import type { Executor } from './types.ts';

// The SQLite write path's answer to a failed fsync of the WAL (ADR 0008): nobody is told a
// transaction succeeded that is not known to be on disk, and nothing more is taken on.
describe('SQLite when the WAL cannot be synced', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const insert = (n: number) => (tx: Executor) => sql`INSERT INTO t (n) VALUES (${n})`.execute(tx);

  it('fails the group, refuses every later transaction and the readiness ping, until restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jinguan-walsync-'));
    dirs.push(dir);
    const file = join(dir, 'test.db');
    const db = Database.open({ url: file });
    await db.transaction((tx) => runDdl(tx, 'CREATE TABLE t (n INTEGER NOT NULL)'));
    await db.transaction(insert(1));

    // The seam: the database's private WalSync, whose fdatasync now fails as on a disk error.
    const walSync = (db as unknown as { walSync: { sync: () => Promise<void> } }).walSync;
    walSync.sync = () =>
      Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));

    const group = await Promise.allSettled([db.transaction(insert(2)), db.transaction(insert(3))]);
    for (const outcome of group) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/could not be made durable: EIO/);
    }
    await expect(db.transaction(insert(4))).rejects.toThrow(/could not be made durable/);
    await expect(db.ping()).rejects.toThrow(/could not be made durable/);
    await db.close();

    // After a restart: what was acknowledged is there, and nothing taken on after the failure. The
    // failed group's rows were committed, only not known to be on disk: here they survived. Their
    // callers were told it failed; through the inbox a resend is then answered as a duplicate.
    const again = Database.open({ url: file });
    try {
      await again.ping();
      const rows = await sql<{ n: number }>`SELECT n FROM t ORDER BY n`.execute(again.kysely);
      expect(rows.rows.map((r) => r.n)).toEqual([1, 2, 3]);
    } finally {
      await again.close();
    }
  });
});
