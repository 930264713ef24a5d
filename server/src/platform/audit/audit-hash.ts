import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface ChainFields {
  seq: number;
  at: string;
  actor_kind: string;
  actor_id: string;
  action: string;
  record_type: string;
  record_id: string;
  ip: string | null;
  request_id: string | null;
  change_hash: string;
  prev_hash: string;
}

/** The hash of one record: every field it holds plus the hash of the record before it. */
export function recordHash(fields: ChainFields): string {
  return sha256(
    [
      fields.prev_hash,
      fields.seq,
      fields.at,
      fields.actor_kind,
      fields.actor_id,
      fields.action,
      fields.record_type,
      fields.record_id,
      fields.ip ?? '',
      fields.request_id ?? '',
      fields.change_hash,
    ].join('\n'),
  );
}
