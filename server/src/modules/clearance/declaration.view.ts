import type { DutyAssessment, RiskOutcome } from './clearance.ports.ts';
import type { DeclarationContent } from './declaration.model.ts';
import type { AttachmentRow, DeclarationRow, HistoryRow, RequestRow } from './declaration.repository.ts';
import { allowedActions, type Channel, type DeclarationStatus } from './declaration-lifecycle.rules.ts';

/** A declaration as the API answers it. */
export interface Declaration {
  id: string;
  preEntryNo: string;
  entryId: string | null;
  enterpriseCode: string;
  traderCode: string | null;
  district: string;
  ieFlag: string | null;
  status: DeclarationStatus;
  channel: Channel | null;
  content: DeclarationContent;
  risk: RiskOutcome | null;
  duty: (DutyAssessment & { secured?: { method: string; reference?: string; at: string } }) | null;
  inspection: {
    orderedAt?: string;
    result?: string;
    findings?: string;
    inspector?: string;
    at?: string;
  } | null;
  allowedActions: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  declaredAt: string | null;
  releasedAt: string | null;
}

const json = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

export function toDeclaration(row: DeclarationRow): Declaration {
  const status = row.status as DeclarationStatus;
  const channel = row.channel as Channel | null;
  return {
    id: row.id,
    preEntryNo: row.pre_entry_no,
    entryId: row.entry_id,
    enterpriseCode: row.enterprise_code,
    traderCode: row.trader_code,
    district: row.district,
    ieFlag: row.ie_flag,
    status,
    channel,
    content: JSON.parse(row.content) as DeclarationContent,
    risk: json(row.risk),
    duty: json(row.duty),
    inspection: json(row.inspection),
    allowedActions: allowedActions({ status, channel }),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    declaredAt: row.declared_at,
    releasedAt: row.released_at,
  };
}

export interface HistoryEntry {
  at: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actor: string;
  reason: string | null;
  details: unknown;
}

export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    at: row.at,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actor: `${row.actor_kind}:${row.actor_id}`,
    reason: row.reason,
    details: json(row.details),
  };
}

export interface ChangeRequest {
  id: string;
  declarationId: string;
  kind: 'amend' | 'withdraw';
  status: 'pending' | 'approved' | 'refused';
  reason: string;
  proposed: DeclarationContent | null;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export function toChangeRequest(row: RequestRow): ChangeRequest {
  return {
    id: row.id,
    declarationId: row.declaration_id,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    proposed: json(row.proposed),
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
  };
}

/** A request in a queue: the request and what the reviewer needs to know of its declaration. */
export interface QueuedChangeRequest extends ChangeRequest {
  declaration: {
    preEntryNo: string;
    enterpriseCode: string;
    district: string;
    status: DeclarationStatus;
    channel: Channel | null;
  };
}

export function toQueuedChangeRequest(
  row: RequestRow & {
    pre_entry_no: string;
    enterprise_code: string;
    district: string;
    declaration_status: string;
    channel: string | null;
  },
): QueuedChangeRequest {
  return {
    ...toChangeRequest(row),
    declaration: {
      preEntryNo: row.pre_entry_no,
      enterpriseCode: row.enterprise_code,
      district: row.district,
      status: row.declaration_status as DeclarationStatus,
      channel: row.channel as Channel | null,
    },
  };
}

export interface Attachment {
  id: string;
  declarationId: string;
  documentType: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    declarationId: row.declaration_id,
    documentType: row.document_type,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}
