import { Alert, Button, Card, Space } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { type MessageKey, useI18n } from '../i18n/index.tsx';
import { DeclarationTable } from './declarations/DeclarationTable.tsx';
import { useDeclarationPage } from './declarations/useDeclarations.ts';

type QueueKind = 'review' | 'inspection' | 'release';

const QUEUES: Record<QueueKind, { title: MessageKey; hint: MessageKey; status: string }> = {
  // Green-lane declarations never wait for review; they pass channel_assigned on their own.
  review: { title: 'menu.reviewQueue', hint: 'queue.review', status: 'channel_assigned,under_review' },
  inspection: { title: 'menu.inspectionQueue', hint: 'queue.inspection', status: 'inspection_ordered' },
  release: { title: 'menu.releaseQueue', hint: 'queue.release', status: 'inspected' },
};

/** An officer's work queue, refreshed every 15 seconds; open a declaration to act on it. */
export function QueuePage({ kind }: { kind: QueueKind }) {
  const { t } = useI18n();
  const queue = QUEUES[kind];
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = useDeclarationPage({ status: queue.status, ...paging }, 15_000);
  const data = query.data && {
    ...query.data,
    items: query.data.items.filter((d) => kind !== 'review' || d.channel !== 'green'),
  };
  return (
    <Card
      title={t(queue.title)}
      extra={
        <Button onClick={() => void query.refetch()} loading={query.isFetching}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" title={t(queue.hint)} />
        <ApiErrorAlert error={query.error} />
        <DeclarationTable
          data={data}
          loading={query.isPending}
          page={paging.page}
          pageSize={paging.pageSize}
          onPage={(page, pageSize) => setPaging({ page, pageSize })}
          empty={t('queue.empty')}
        />
      </Space>
    </Card>
  );
}
