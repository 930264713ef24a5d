import type { MessageKey } from '../../../i18n/index.tsx';

/** How an action asks for its input: nothing, a modal form, or a page of its own (`page`: path under the declaration). */
export type ActionForm = 'none' | 'reason' | 'reasonRequired' | 'duty' | 'inspection' | 'page';

export interface ActionSpec {
  label: MessageKey;
  permission: string;
  path: string;
  form: ActionForm;
  danger?: boolean;
  /** What the success message says, when more than that the step was taken. */
  done?: MessageKey;
  /** Builds the request body from the modal's values. */
  body: (values: Record<string, string | undefined>) => unknown;
}

const reason = (values: Record<string, string | undefined>) =>
  values.reason ? { reason: values.reason } : {};

/** Each lifecycle action the API may list in `allowedActions`, the permission it needs and its route. */
export const ACTIONS: Record<string, ActionSpec> = {
  declare: {
    label: 'action.declare',
    permission: 'declaration.declare',
    path: '/declare',
    form: 'none',
    body: () => undefined,
  },
  start_review: {
    label: 'action.start_review',
    permission: 'declaration.review',
    path: '/review/start',
    form: 'none',
    body: () => undefined,
  },
  assess_duty: {
    label: 'action.accept',
    permission: 'declaration.review',
    path: '/review/accept',
    form: 'reason',
    body: reason,
  },
  reject: {
    label: 'action.reject',
    permission: 'declaration.review',
    path: '/review/reject',
    form: 'reasonRequired',
    danger: true,
    body: (values) => ({ reasons: [values.reason ?? ''] }),
  },
  secure_duty: {
    label: 'action.secure_duty',
    permission: 'declaration.duty.secure',
    path: '/duty/secure',
    form: 'duty',
    body: (values) => ({ method: values.method ?? 'payment', reference: values.reference ?? '' }),
  },
  record_inspection: {
    label: 'action.record_inspection',
    permission: 'declaration.inspect',
    path: '/inspection',
    form: 'inspection',
    body: (values) => ({
      result: values.result ?? 'no_findings',
      ...(values.findings ? { findings: values.findings } : {}),
    }),
  },
  release: {
    label: 'action.release',
    permission: 'declaration.release',
    path: '/release',
    form: 'reason',
    body: reason,
  },
  // An amendment is a whole new content: the declaration form opens in amendment mode.
  amend: {
    label: 'action.amend',
    permission: 'declaration.declare',
    path: '/amend',
    form: 'page',
    body: () => undefined,
  },
  withdraw: {
    label: 'action.withdraw',
    permission: 'declaration.declare',
    path: '/requests',
    form: 'reasonRequired',
    danger: true,
    // The declaration is not withdrawn yet: customs decides the request.
    done: 'req.sentWithdraw',
    body: (values) => ({ kind: 'withdraw', reason: values.reason ?? '' }),
  },
};
