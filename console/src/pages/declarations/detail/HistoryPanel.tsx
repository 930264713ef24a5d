import { Alert, Empty, Table, Timeline, Typography } from 'antd';
import type { ChangeRequest, Declaration } from '../../../api/types.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useHistory, useRequests } from './useDeclaration.ts';

/** Each step the declaration went through, who took it and why. */
export function HistoryPanel({ declarationId }: { declarationId: string }) {
  const { tx } = useI18n();
  const history = useHistory(declarationId);
  if (history.error) return <ApiErrorAlert error={history.error} />;
  return (
    <Timeline
      items={(history.data ?? []).map((entry) => ({
        key: `${entry.at}-${entry.action}`,
        color: entry.toStatus === 'released' ? 'green' : entry.toStatus === 'rejected' ? 'red' : 'blue',
        content: (
          <>
            <Typography.Text strong>{entry.action}</Typography.Text> → {tx('status', entry.toStatus)}{' '}
            <Typography.Text type="secondary">
              {when(entry.at)} · {entry.actor}
            </Typography.Text>
            {entry.reason && <div>{entry.reason}</div>}
          </>
        ),
      }))}
    />
  );
}

/** Amendment and withdrawal requests with their decisions. */
export function RequestsPanel({ declarationId }: { declarationId: string }) {
  const { t } = useI18n();
  const requests = useRequests(declarationId);
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
        columns={[
          { title: 'kind', dataIndex: 'kind' },
          { title: t('decl.status'), dataIndex: 'status' },
          { title: t('action.reason'), dataIndex: 'reason' },
          { title: 'by', dataIndex: 'requestedBy' },
          { title: t('audit.at'), dataIndex: 'requestedAt', render: when },
          { title: 'decision', dataIndex: 'decisionReason' },
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
