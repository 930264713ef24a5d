import type { Database, Executor } from '../db/index.ts';
import { type Actor, actorLabel } from '../identity/principal.ts';
import { type ChainFields, canonicalJson, GENESIS_HASH, recordHash, sha256 } from './audit-hash.ts';

/** One state change to record. `change` is hashed, not stored: the trail proves, the module keeps. */
export interface AuditEntry {
  action: string;
  recordType: string;
  recordId: string;
  change?: unknown;
}

export interface AuditRecord extends ChainFields {
  hash: string;
}

interface HeadRow {
  id: number;
  seq: number;
  hash: string;
}

export type AuditTables = { audit_record: AuditRecord; audit_head: HeadRow };

export type VerifyResult =
  | { ok: true; records: number }
  | { ok: false; records: number; firstBroken: { seq: number; reason: string } };

/**
 * The hash-chained audit trail. Each record carries the previous record's hash; appends lock the
 * single head row, so concurrent transactions queue for the chain instead of forking it.
 */
export class AuditTrail {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records state changes inside the caller's transaction (call it last: it holds the chain lock). */
  async record(tx: Executor, actor: Actor, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const q = tx.withTables<AuditTables>();
    const headQuery = q.selectFrom('audit_head').selectAll().where('id', '=', 1);
    const head =
      this.db.engine === 'postgres'
        ? await headQuery.forUpdate().executeTakeFirstOrThrow()
        : await headQuery.executeTakeFirstOrThrow();
    const who = actorLabel(actor);
    const at = this.now().toISOString();
    let seq = Number(head.seq);
    let prev = head.hash;
    const rows: AuditRecord[] = entries.map((entry) => {
      seq += 1;
      const fields: ChainFields = {
        seq,
        at,
        actor_kind: who.kind,
        actor_id: who.id,
        action: entry.action,
        record_type: entry.recordType,
        record_id: entry.recordId,
        ip: actor.origin?.ip ?? null,
        request_id: actor.origin?.requestId ?? null,
        change_hash: sha256(canonicalJson(entry.change ?? null)),
        prev_hash: prev,
      };
      prev = recordHash(fields);
      return { ...fields, hash: prev };
    });
    if (rows.length === 1) await q.insertInto('audit_record').values(rows).execute();
    else await this.db.bulkInsert(tx, 'audit_record', rows as unknown as Record<string, unknown>[]);
    await q.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
  }

  /** Walks the whole chain and names the first record that does not hold. */
  async verify(onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
    const q = this.db.kysely.withTables<AuditTables>();
    const total = Number(
      (
        await q
          .selectFrom('audit_record')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    let checked = 0;
    let afterSeq = 0;
    for (;;) {
      const page = await q
        .selectFrom('audit_record')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(5000)
        .execute();
      for (const record of page) {
        const seq = Number(record.seq);
        const broken = (reason: string): VerifyResult => ({
          ok: false,
          records: checked,
          firstBroken: { seq, reason },
        });
        if (seq !== expectedSeq)
          return broken(`sequence jumps from ${expectedSeq - 1} to ${seq}: records deleted`);
        if (record.prev_hash !== prev)
          return broken('previous-hash link broken: a record was deleted, inserted or moved');
        if (recordHash({ ...record, seq }) !== record.hash)
          return broken('contents altered: hash does not match');
        prev = record.hash;
        expectedSeq = seq + 1;
        checked++;
      }
      onProgress?.(checked, total);
      const last = page.at(-1);
      if (!last) break;
      afterSeq = Number(last.seq);
    }
    const head = await q.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    if (Number(head.seq) !== expectedSeq - 1 || head.hash !== prev) {
      return {
        ok: false,
        records: checked,
        firstBroken: {
          seq: expectedSeq,
          reason: 'chain head does not match the last record: records deleted at the end',
        },
      };
    }
    return { ok: true, records: checked };
  }
}
