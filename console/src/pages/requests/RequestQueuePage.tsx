import { Alert, Button, Card, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ChangeRequest, QueuedChangeRequest } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { emptyOnceAnswered, serverPagination } from '../../components/tables.tsx';
import { ChannelTag, RequestTag, StatusTag, when } from '../../components/tags.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { DecisionModal, type PendingDecision } from './DecisionModal.tsx';
import { type RequestFilters, useRequestQueue } from './useChangeRequests.ts';

const STATUSES: ChangeRequest['status'][] = ['pending', 'approved', 'refused'];

/** The reviewers' queue of amendment and withdrawal requests (修撤) in their district, oldest first. */
export function RequestQueuePage() {
  const { t, tx } = useI18n();
  const [filters, setFilters] = useState<RequestFilters>({ status: 'pending', page: 1, pageSize: 20 });
  const [decision, setDecision] = useState<PendingDecision>();
  const query = useRequestQueue(filters);
  const pending = filters.status === 'pending';

  return (
    <Card
      title={t('menu.requestQueue')}
      extra={
        <Space>
          <Segmented
            value={filters.status}
            options={STATUSES.map((s) => ({ value: s, label: tx('req.status', s) }))}
            onChange={(status) => setFilters({ ...filters, status, page: 1 })}
          />
          <Button onClick={() => void query.refetch()} loading={query.isFetching}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" title={t('req.queueHint')} />
        <ApiErrorAlert error={query.error} />
        <Table<QueuedChangeRequest>
          rowKey="id"
          size="middle"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          locale={emptyOnceAnswered(query, pending ? t('req.queueEmpty') : t('common.none'))}
          pagination={serverPagination(t, filters, query.data?.total, (paging) =>
            setFilters({ ...filters, ...paging }),
          )}
          columns={[
            {
              title: t('req.declaration'),
              key: 'declaration',
              render: (_, r) => (
                <Link to={`/declarations/${r.declarationId}`} data-testid="request-link">
                  {r.declaration.preEntryNo}
                </Link>
              ),
            },
            {
              title: t('decl.enterprise'),
              key: 'enterprise',
              render: (_, r) => r.declaration.enterpriseCode,
            },
            {
              title: t('req.kind'),
              dataIndex: 'kind',
              width: 100,
              render: (_, r) => <RequestTag kind={r.kind} />,
            },
            { title: t('req.reason'), dataIndex: 'reason' },
            { title: t('req.requestedBy'), dataIndex: 'requestedBy' },
            { title: t('req.requestedAt'), dataIndex: 'requestedAt', render: when },
            {
              title: t('req.declarationStatus'),
              key: 'status',
              render: (_, r) => (
                <>
                  <StatusTag status={r.declaration.status} /> <ChannelTag channel={r.declaration.channel} />
                </>
              ),
            },
            pending
              ? {
                  title: '',
                  key: 'decide',
                  render: (_, r) => (
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setDecision({ request: r, approve: true })}
                        data-testid="request-approve"
                      >
                        {t('req.approve')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() => setDecision({ request: r, approve: false })}
                        data-testid="request-refuse"
                      >
                        {t('req.refuse')}
                      </Button>
                    </Space>
                  ),
                }
              : {
                  title: t('req.decision'),
                  key: 'decision',
                  render: (_, r) => (
                    <>
                      <div>{r.decisionReason}</div>
                      <Typography.Text type="secondary">
                        {r.decidedBy} · {when(r.decidedAt)}
                      </Typography.Text>
                    </>
                  ),
                },
          ]}
        />
      </Space>
      <DecisionModal decision={decision} onClose={() => setDecision(undefined)} />
    </Card>
  );
}
