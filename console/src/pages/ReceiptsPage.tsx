import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import { api } from '../api/client.ts';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { when } from '../components/tags.tsx';
import { useI18n } from '../i18n/index.tsx';

interface Receipt {
  id: string;
  messageType: string;
  guid: string;
  status: string;
  reasons?: { path: string; rule: string; message?: string }[];
  createdAt: string;
}

/** The exchange receipts (回执) addressed to the caller's enterprise, oldest first. */
export function ReceiptsPage() {
  const { t, tx } = useI18n();
  const query = useQuery({
    queryKey: ['receipts'],
    queryFn: () => api<{ items: Receipt[] }>('/api/v1/exchange/receipts', { query: { limit: 200 } }),
  });
  return (
    <Card title={t('menu.receipts')}>
      <ApiErrorAlert error={query.error} style={{ marginBottom: 16 }} />
      <Table<Receipt>
        rowKey="id"
        size="small"
        loading={query.isPending}
        dataSource={query.data?.items ?? []}
        locale={{ emptyText: t('receipts.empty') }}
        columns={[
          { title: t('receipts.type'), dataIndex: 'messageType' },
          { title: t('common.guid'), dataIndex: 'guid' },
          {
            title: t('receipts.status'),
            dataIndex: 'status',
            // A declaration's receipts carry its status; other families their official codes.
            render: (s: string, r) => <Tag>{r.messageType === 'DecMessage' ? tx('status', s) : s}</Tag>,
          },
          {
            title: t('action.reason'),
            dataIndex: 'reasons',
            render: (reasons: Receipt['reasons']) => reasons?.map((r) => r.message ?? r.rule).join('; '),
          },
          { title: t('receipts.at'), dataIndex: 'createdAt', render: when },
        ]}
      />
    </Card>
  );
}
