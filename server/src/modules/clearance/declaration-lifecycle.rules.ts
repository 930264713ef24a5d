/** Where a declaration stands (the clearance lifecycle). */
export const DECLARATION_STATUSES = [
  'draft',
  'declared',
  'channel_assigned',
  'under_review',
  'duty_assessed',
  'duty_secured',
  'inspection_ordered',
  'inspected',
  'released',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

export type Channel = 'green' | 'yellow' | 'red';

export const LIFECYCLE_ACTIONS = [
  'save',
  'declare',
  'assign_channel',
  'start_review',
  'reject',
  'assess_duty',
  'secure_duty',
  'order_inspection',
  'record_inspection',
  'release',
  'close',
  'amend',
  'withdraw',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export interface LifecycleState {
  status: DeclarationStatus;
  channel: Channel | null;
}

export type Transition = { ok: true; status: DeclarationStatus } | { ok: false; reason: string };

const BEFORE_RELEASE: readonly DeclarationStatus[] = [
  'declared',
  'channel_assigned',
  'under_review',
  'duty_assessed',
  'duty_secured',
  'inspection_ordered',
];

// from → to for each action, with the guard that must hold.
const TABLE: Record<
  LifecycleAction,
  {
    from: readonly DeclarationStatus[];
    to: DeclarationStatus;
    guard?: (s: LifecycleState) => string | undefined;
  }
> = {
  save: { from: ['draft'], to: 'draft' },
  declare: { from: ['draft'], to: 'declared' },
  assign_channel: { from: ['declared'], to: 'channel_assigned' },
  // Green-channel declarations go straight to duty; only yellow and red are reviewed.
  start_review: {
    from: ['channel_assigned'],
    to: 'under_review',
    guard: (s) => (s.channel === 'green' ? 'green_channel_not_reviewed' : undefined),
  },
  reject: { from: ['declared', 'channel_assigned', 'under_review'], to: 'rejected' },
  assess_duty: {
    from: ['channel_assigned', 'under_review'],
    to: 'duty_assessed',
    guard: (s) => (s.status === 'channel_assigned' && s.channel !== 'green' ? 'review_required' : undefined),
  },
  secure_duty: { from: ['duty_assessed'], to: 'duty_secured' },
  order_inspection: { from: ['duty_secured'], to: 'inspection_ordered' },
  record_inspection: { from: ['inspection_ordered'], to: 'inspected' },
  // A red channel means goods are inspected before they leave.
  release: {
    from: ['duty_secured', 'inspected'],
    to: 'released',
    guard: (s) => (s.status === 'duty_secured' && s.channel === 'red' ? 'inspection_required' : undefined),
  },
  close: { from: ['released'], to: 'closed' },
  // An approved amendment sends the declaration back to be selected and assessed again.
  amend: { from: ['declared', 'channel_assigned', 'under_review', 'duty_assessed'], to: 'declared' },
  withdraw: { from: BEFORE_RELEASE, to: 'withdrawn' },
};

/** The status after `action`, or why the step is not allowed. Pure. */
export function transition(state: LifecycleState, action: LifecycleAction): Transition {
  const step = TABLE[action];
  if (!step.from.includes(state.status)) return { ok: false, reason: 'illegal_step' };
  const refused = step.guard?.(state);
  return refused ? { ok: false, reason: refused } : { ok: true, status: step.to };
}

/** The actions allowed from a state (for the console's buttons and the API's hints). */
export function allowedActions(state: LifecycleState): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => transition(state, action).ok);
}
