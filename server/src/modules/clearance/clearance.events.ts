import type { NewEvent } from '../../platform/outbox/index.ts';

/** Events clearance publishes; payloads carry what consumers need without reading clearance tables. */
export type ClearanceEventType =
  | 'declaration.declared'
  | 'declaration.channel_assigned'
  | 'declaration.duty_assessed'
  | 'declaration.inspection_required'
  | 'declaration.inspected'
  | 'declaration.released'
  | 'declaration.rejected'
  | 'declaration.withdrawn'
  | 'declaration.amended';

export interface DeclarationEventPayload {
  declarationId: string;
  entryId: string | null;
  enterpriseCode: string;
  traderCode: string | null;
  district: string;
  ieFlag: string | null;
  status: string;
  channel: string | null;
  /** Total duty in CNY once assessed. */
  duty?: string;
  reason?: string;
}

export function declarationEvent(
  type: ClearanceEventType,
  payload: DeclarationEventPayload,
): NewEvent<DeclarationEventPayload> {
  return { type, aggregateId: payload.declarationId, payload };
}
