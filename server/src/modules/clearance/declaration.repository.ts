import { type Generated, sql } from 'kysely';
import type { Executor } from '../../platform/db/index.ts';

export interface DeclarationRow {
  id: string;
  pre_entry_no: string;
  entry_id: string | null;
  enterprise_code: string;
  trader_code: string | null;
  district: string;
  ie_flag: string | null;
  status: string;
  channel: string | null;
  content: string;
  risk: string | null;
  duty: string | null;
  inspection: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  declared_at: string | null;
  released_at: string | null;
  client_seq_no?: string | null;
}

export interface HistoryRow {
  id: number;
  declaration_id: string;
  at: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  actor_id: string;
  reason: string | null;
  details: string | null;
}

export interface RequestRow {
  id: string;
  declaration_id: string;
  kind: 'amend' | 'withdraw';
  status: 'pending' | 'approved' | 'refused';
  reason: string;
  proposed: string | null;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface AttachmentRow {
  id: string;
  declaration_id: string;
  document_type: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}

export type ClearanceTables = {
  clearance_declaration: DeclarationRow;
  clearance_history: Omit<HistoryRow, 'id'> & { id: Generated<number> };
  clearance_request: RequestRow;
  clearance_attachment: AttachmentRow;
  clearance_sequence: { name: string; value: number };
};

const q = (db: Executor) => db.withTables<ClearanceTables>();

/** Plain rows in and out for the clearance tables. */
export const declarationRepository = {
  find: (db: Executor, id: string) =>
    q(db).selectFrom('clearance_declaration').selectAll().where('id', '=', id).executeTakeFirst(),
  insert: (db: Executor, row: DeclarationRow) =>
    q(db).insertInto('clearance_declaration').values(row).execute(),
  /** Updates only if nobody changed the row since it was read (optimistic concurrency). */
  update: async (db: Executor, row: DeclarationRow, changes: Partial<DeclarationRow>) => {
    const result = await q(db)
      .updateTable('clearance_declaration')
      .set({ ...changes, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  addHistory: (db: Executor, row: Omit<HistoryRow, 'id'>) =>
    q(db).insertInto('clearance_history').values(row).execute(),
  history: (db: Executor, id: string) =>
    q(db)
      .selectFrom('clearance_history')
      .selectAll()
      .where('declaration_id', '=', id)
      .orderBy('id')
      .execute(),

  insertRequest: (db: Executor, row: RequestRow) =>
    q(db).insertInto('clearance_request').values(row).execute(),
  findRequest: (db: Executor, id: string) =>
    q(db).selectFrom('clearance_request').selectAll().where('id', '=', id).executeTakeFirst(),
  requestsOf: (db: Executor, declarationId: string) =>
    q(db)
      .selectFrom('clearance_request')
      .selectAll()
      .where('declaration_id', '=', declarationId)
      .orderBy('requested_at')
      .execute(),
  updateRequest: (db: Executor, id: string, changes: Partial<RequestRow>) =>
    q(db).updateTable('clearance_request').set(changes).where('id', '=', id).execute(),

  insertAttachment: (db: Executor, row: AttachmentRow) =>
    q(db).insertInto('clearance_attachment').values(row).execute(),
  attachmentsOf: (db: Executor, declarationId: string) =>
    q(db)
      .selectFrom('clearance_attachment')
      .selectAll()
      .where('declaration_id', '=', declarationId)
      .orderBy('uploaded_at')
      .execute(),
  findAttachment: (db: Executor, id: string) =>
    q(db).selectFrom('clearance_attachment').selectAll().where('id', '=', id).executeTakeFirst(),

  /** The next number of a named sequence, inside the caller's transaction. */
  nextNumber: async (db: Executor, name: string): Promise<number> => {
    // One statement on both engines, so two transactions can never hand out the same number.
    const result = await sql<{ value: number }>`
      INSERT INTO clearance_sequence (name, value) VALUES (${name}, 1)
      ON CONFLICT (name) DO UPDATE SET value = clearance_sequence.value + 1
      RETURNING value`.execute(db);
    return Number(result.rows[0]?.value);
  },
};
