import { Alert, Empty, Table, Timeline, Typography } from 'antd';
import type { ChangeRequest, Declaration, HistoryEntry } from '../../../api/types.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { RequestTag, when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { ProposedChanges } from '../../requests/ProposedChanges.tsx';
import { useHistory, useRequests } from './useDeclaration.ts';

interface Moment {
  key: string;
  at: string;
  /** Orders moments of the same instant: a decision comes before the step it causes. */
  order: number;
  colour: string;
  content: React.ReactNode;
}

/**
 * Each step the declaration went through, who took it and why, with the amendment and withdrawal
 * requests (asked, approved, refused) in their place.
 */
export function HistoryPanel({ declarationId }: { declarationId: string }) {
  const { t, tx, has } = useI18n();
  const history = useHistory(declarationId);
  const requests = useRequests(declarationId);
  if (history.error || requests.error) return <ApiErrorAlert error={history.error ?? requests.error} />;

  // `officer:sh.reviewer` → 关员 sh.reviewer
  const actorText = (actor: string) => {
    const [kind, ...id] = actor.split(':');
    return id.length > 0 ? `${tx('audit.actorKind', kind)} ${id.join(':')}` : actor;
  };
  // An approved request's note is also the reason of the step it causes (amend, withdraw: the
  // request's kind): it shows once, on the decision.
  const approvedNotes = new Set(
    (requests.data ?? [])
      .filter((r) => r.status === 'approved' && r.decisionReason)
      .map((r) => `${r.kind}\n${r.decisionReason}`),
  );
  // The platform's own steps give a coded reason (red_channel); officers write theirs.
  const stepReason = (entry: HistoryEntry) => {
    if (!entry.reason || approvedNotes.has(`${entry.action}\n${entry.reason}`)) return null;
    const coded = `historyReason.${entry.reason}`;
    return has(coded) ? t(coded) : entry.reason;
  };
  const step = (entry: HistoryEntry, index: number): Moment => ({
    key: `h${index}`,
    at: entry.at,
    order: 1,
    colour: entry.toStatus === 'released' ? 'green' : entry.toStatus === 'rejected' ? 'red' : 'blue',
    content: (
      <>
        <Typography.Text strong>{tx('history', entry.action)}</Typography.Text> →{' '}
        {tx('status', entry.toStatus)}{' '}
        <Typography.Text type="secondary">
          {when(entry.at)} · {actorText(entry.actor)}
        </Typography.Text>
        {stepReason(entry) && <div data-testid="history-reason">{stepReason(entry)}</div>}
        {entry.action === 'record_inspection' && <InspectionOutcome details={entry.details} />}
      </>
    ),
  });
  const asked = (request: ChangeRequest): Moment[] => {
    const kind = t(request.kind === 'amend' ? 'req.noun.amend' : 'req.noun.withdraw');
    const moments: Moment[] = [
      {
        key: `r${request.id}`,
        at: request.requestedAt,
        order: 0,
        colour: 'orange',
        content: (
          <span data-testid="history-request">
            <Typography.Text strong>{t('history.requested', { kind })}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {when(request.requestedAt)} · {request.requestedBy}
            </Typography.Text>
            <div>{request.reason}</div>
          </span>
        ),
      },
    ];
    if (request.decidedAt) {
      const approved = request.status === 'approved';
      moments.push({
        key: `d${request.id}`,
        at: request.decidedAt,
        order: 0,
        colour: approved ? 'green' : 'red',
        content: (
          <span data-testid="history-decision">
            <Typography.Text strong>
              {t(approved ? 'history.approved' : 'history.refused', { kind })}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              {when(request.decidedAt)} · {request.decidedBy}
            </Typography.Text>
            {request.decisionReason && <div>{request.decisionReason}</div>}
          </span>
        ),
      });
    }
    return moments;
  };

  const moments = [...(history.data ?? []).map(step), ...(requests.data ?? []).flatMap(asked)].sort(
    (a, b) => a.at.localeCompare(b.at) || a.order - b.order,
  );
  return <Timeline items={moments.map((m) => ({ key: m.key, color: m.colour, content: m.content }))} />;
}

/** Amendment and withdrawal requests with their decisions; a pending amendment opens to show its changes. */
export function RequestsPanel({ declaration }: { declaration: Declaration }) {
  const { t } = useI18n();
  const requests = useRequests(declaration.id);
  const pendingAmendment = requests.data?.some((r) => r.status === 'pending' && r.proposed !== null);
  return (
    <>
      <ApiErrorAlert error={requests.error} />
      <Table<ChangeRequest>
        size="small"
        rowKey="id"
        pagination={false}
        loading={requests.isPending}
        dataSource={requests.data ?? []}
        locale={{ emptyText: t('detail.noRequests') }}
        expandable={
          // Against the declaration as it is now, which is what the reviewer decides on.
          pendingAmendment
            ? {
                rowExpandable: (r) => r.status === 'pending' && r.proposed !== null,
                expandedRowRender: (r) =>
                  r.proposed && <ProposedChanges current={declaration.content} proposed={r.proposed} />,
              }
            : undefined
        }
        columns={[
          {
            title: t('req.kind'),
            dataIndex: 'kind',
            render: (_, r) => <RequestTag kind={r.kind} status={r.status} />,
          },
          { title: t('req.reason'), dataIndex: 'reason' },
          { title: t('req.requestedBy'), dataIndex: 'requestedBy' },
          { title: t('req.requestedAt'), dataIndex: 'requestedAt', render: when },
          { title: t('req.decidedBy'), dataIndex: 'decidedBy', render: (v: string | null) => v ?? '—' },
          { title: t('req.decidedAt'), dataIndex: 'decidedAt', render: when },
          { title: t('req.decision'), dataIndex: 'decisionReason', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}

/** The release receipt (放行回执) once customs has released the goods. */
export function ReceiptPanel({ declaration }: { declaration: Declaration }) {
  const { t } = useI18n();
  if (!declaration.releasedAt) return <Empty description={t('receipts.empty')} />;
  return (
    <Alert
      type="success"
      showIcon
      data-testid="release-receipt"
      title={t('detail.releaseReceipt')}
      description={t('detail.releaseReceiptText', {
        at: when(declaration.releasedAt),
        entryId: declaration.entryId ?? declaration.preEntryNo,
      })}
    />
  );
}

/** What the inspector recorded, as the inspection step's details carry it: the result and the findings. */
function InspectionOutcome({ details }: { details: unknown }) {
  const { t } = useI18n();
  const { result, findings } = (details ?? {}) as { result?: string; findings?: string };
  if (result !== 'findings' && result !== 'no_findings') return null;
  return (
    <div data-testid="history-inspection">
      {t(result === 'findings' ? 'action.result.findings' : 'action.result.no_findings')}
      {findings ? ` — ${findings}` : ''}
    </div>
  );
}
