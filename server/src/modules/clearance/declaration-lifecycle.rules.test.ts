import { describe, expect, it } from 'vitest';
import {
  type Channel,
  DECLARATION_STATUSES,
  type DeclarationStatus,
  LIFECYCLE_ACTIONS,
  type LifecycleAction,
  transition,
} from './declaration-lifecycle.rules.ts';

// Every legal step, with the channel it needs; every other (status, action) pair must be refused.
const LEGAL: [DeclarationStatus, Channel | null, LifecycleAction, DeclarationStatus][] = [
  ['draft', null, 'save', 'draft'],
  ['draft', null, 'declare', 'declared'],
  ['declared', null, 'assign_channel', 'channel_assigned'],
  ['declared', null, 'reject', 'rejected'],
  ['declared', null, 'amend', 'declared'],
  ['declared', null, 'withdraw', 'withdrawn'],
  ['channel_assigned', 'yellow', 'start_review', 'under_review'],
  ['channel_assigned', 'red', 'start_review', 'under_review'],
  ['channel_assigned', 'green', 'assess_duty', 'duty_assessed'],
  ['channel_assigned', 'green', 'reject', 'rejected'],
  ['channel_assigned', 'green', 'amend', 'declared'],
  ['channel_assigned', 'green', 'withdraw', 'withdrawn'],
  ['under_review', 'yellow', 'assess_duty', 'duty_assessed'],
  ['under_review', 'yellow', 'reject', 'rejected'],
  ['under_review', 'yellow', 'amend', 'declared'],
  ['under_review', 'yellow', 'withdraw', 'withdrawn'],
  ['duty_assessed', 'green', 'secure_duty', 'duty_secured'],
  ['duty_assessed', 'green', 'amend', 'declared'],
  ['duty_assessed', 'green', 'withdraw', 'withdrawn'],
  ['duty_secured', 'green', 'release', 'released'],
  ['duty_secured', 'red', 'order_inspection', 'inspection_ordered'],
  ['duty_secured', 'green', 'order_inspection', 'inspection_ordered'],
  ['duty_secured', 'green', 'withdraw', 'withdrawn'],
  ['inspection_ordered', 'red', 'record_inspection', 'inspected'],
  ['inspection_ordered', 'red', 'withdraw', 'withdrawn'],
  ['inspected', 'red', 'release', 'released'],
  ['released', 'green', 'close', 'closed'],
];

describe('declaration lifecycle', () => {
  it.each(LEGAL)('%s (%s) --%s--> %s', (status, channel, action, to) => {
    expect(transition({ status, channel }, action)).toEqual({ ok: true, status: to });
  });

  it.each([
    ['channel_assigned', 'green', 'start_review', 'green_channel_not_reviewed'],
    ['channel_assigned', 'yellow', 'assess_duty', 'review_required'],
    ['duty_secured', 'red', 'release', 'inspection_required'],
  ] as const)('%s (%s) refuses %s: %s', (status, channel, action, reason) => {
    expect(transition({ status, channel }, action)).toEqual({ ok: false, reason });
  });

  it('refuses every step not in the table', () => {
    const legal = new Set(LEGAL.map(([s, , a]) => `${s}/${a}`));
    const guarded = new Set([
      'channel_assigned/start_review',
      'channel_assigned/assess_duty',
      'duty_secured/release',
    ]);
    for (const status of DECLARATION_STATUSES) {
      for (const action of LIFECYCLE_ACTIONS) {
        const key = `${status}/${action}`;
        if (legal.has(key) || guarded.has(key)) continue;
        for (const channel of [null, 'green', 'yellow', 'red'] as const) {
          expect(transition({ status, channel }, action), `${key} (${channel})`).toEqual({
            ok: false,
            reason: 'illegal_step',
          });
        }
      }
    }
  });
});
