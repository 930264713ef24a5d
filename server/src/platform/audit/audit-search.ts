import type { Database } from '../db/index.ts';
import type { AuditRecord, AuditTables } from './audit-trail.ts';

export interface AuditQuery {
  actor?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
  from?: string;
  to?: string;
  /** Records with a lower sequence number than this (newest first paging). */
  before?: number;
  limit: number;
}

export interface AuditPage {
  records: AuditRecord[];
  /** Pass as `before` for the next page; absent on the last page. */
  next?: number;
}

/** Searches the trail by actor, action, record and time, newest first. */
export async function searchAudit(db: Database, query: AuditQuery): Promise<AuditPage> {
  let select = db.kysely.withTables<AuditTables>().selectFrom('audit_record').selectAll();
  if (query.actor) select = select.where('actor_id', '=', query.actor);
  if (query.action) select = select.where('action', '=', query.action);
  if (query.recordType) select = select.where('record_type', '=', query.recordType);
  if (query.recordId) select = select.where('record_id', '=', query.recordId);
  if (query.from) select = select.where('at', '>=', query.from);
  if (query.to) select = select.where('at', '<', query.to);
  if (query.before) select = select.where('seq', '<', query.before);
  const rows = await select
    .orderBy('seq', 'desc')
    .limit(query.limit + 1)
    .execute();
  const records = rows.slice(0, query.limit).map((r) => ({ ...r, seq: Number(r.seq) }));
  const last = records.at(-1);
  return rows.length > query.limit && last ? { records, next: last.seq } : { records };
}
