import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/database.ts';
import { Database, Migrator } from '../db/index.ts';
import type { OfficerPrincipal } from '../identity/index.ts';
import { auditMigrations } from './audit.migrations.ts';
import { searchAudit } from './audit-search.ts';
import { AuditTrail } from './audit-trail.ts';

const officer: OfficerPrincipal = {
  kind: 'officer',
  userId: 'u1',
  username: 'sh.reviewer',
  district: '2200',
  roles: ['reviewer'],
  sessionId: 's1',
  origin: { ip: '10.1.2.3', requestId: 'r1' },
};

describe(`audit trail on ${TEST_ENGINE}`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let trail: AuditTrail;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = Database.open({ url: testDb.url });
    await new Migrator(db, [auditMigrations]).migrate();
    trail = new AuditTrail(db);
    for (let i = 1; i <= 10; i++) {
      await db.transaction((tx) =>
        trail.record(tx, officer, {
          action: 'declaration.review',
          recordType: 'declaration',
          recordId: `D${i}`,
          change: { i },
        }),
      );
    }
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  const exec = (query: ReturnType<typeof sql>) => query.execute(db.kysely);

  it('verifies an intact chain', async () => {
    expect(await trail.verify()).toEqual({ ok: true, records: 10 });
  });

  it('records nothing when the transaction rolls back', async () => {
    await db
      .transaction(async (tx) => {
        await trail.record(tx, officer, { action: 'x', recordType: 'y', recordId: 'z' });
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await trail.verify()).toEqual({ ok: true, records: 10 });
  });

  it.each([
    ['an altered field', sql`UPDATE audit_record SET record_id = 'D99' WHERE seq = 4`, 4, /altered/],
    ['an altered actor', sql`UPDATE audit_record SET actor_id = 'someone' WHERE seq = 7`, 7, /altered/],
    ['a deleted record', sql`DELETE FROM audit_record WHERE seq = 5`, 6, /sequence|deleted/],
    ['a deleted tail', sql`DELETE FROM audit_record WHERE seq = 10`, 10, /head/],
  ])('names the first broken record after %s', async (_name, tamper, seq, reason) => {
    await exec(tamper);
    const result = await trail.verify();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.firstBroken.seq).toBe(seq);
      expect(result.firstBroken.reason).toMatch(reason);
    }
  });

  it('detects a record inserted into the middle, even with its own hash recomputed', async () => {
    await exec(sql`UPDATE audit_record SET seq = seq + 1000 WHERE seq > 5`);
    await exec(sql`UPDATE audit_record SET seq = seq - 999 WHERE seq > 1000`);
    await exec(sql`INSERT INTO audit_record (seq, at, actor_kind, actor_id, action, record_type, record_id, ip, request_id, change_hash, prev_hash, hash)
      SELECT 6, at, actor_kind, 'forger', action, record_type, 'FAKE', ip, request_id, change_hash, hash, hash FROM audit_record WHERE seq = 5`);
    const result = await trail.verify();
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 6 } });
  });

  it('detects two records swapped', async () => {
    await exec(sql`UPDATE audit_record SET seq = 100 WHERE seq = 3`);
    await exec(sql`UPDATE audit_record SET seq = 3 WHERE seq = 4`);
    await exec(sql`UPDATE audit_record SET seq = 4 WHERE seq = 100`);
    expect(await trail.verify()).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });

  it('keeps one unbroken chain when many transactions record at once', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction((tx) =>
          trail.record(tx, officer, { action: 'concurrent', recordType: 'x', recordId: `C${i}` }),
        ),
      ),
    );
    expect(await trail.verify()).toEqual({ ok: true, records: 50 });
  });

  it('searches by actor, action, record and time, newest first, in pages', async () => {
    const first = await searchAudit(db, { actor: 'sh.reviewer', action: 'declaration.review', limit: 4 });
    expect(first.records.map((r) => r.record_id)).toEqual(['D10', 'D9', 'D8', 'D7']);
    const second = await searchAudit(db, { actor: 'sh.reviewer', limit: 4, before: first.next });
    expect(second.records.map((r) => r.record_id)).toEqual(['D6', 'D5', 'D4', 'D3']);
    expect(
      (await searchAudit(db, { recordType: 'declaration', recordId: 'D2', limit: 10 })).records,
    ).toHaveLength(1);
    expect((await searchAudit(db, { from: '2099-01-01T00:00:00.000Z', limit: 10 })).records).toHaveLength(0);
    expect(first.records[0]?.ip).toBe('10.1.2.3');
  });
});
