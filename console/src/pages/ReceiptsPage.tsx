import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Typography } from 'antd';
import { api } from '../api/client.ts';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { CodeLabel, when } from '../components/tags.tsx';
import { useI18n } from '../i18n/index.tsx';

interface Receipt {
  id: string;
  messageType: string;
  guid: string;
  status: string;
  reasons?: { path: string; rule: string; message?: string }[];
  createdAt: string;
}

// CEB returnStatus (cross-border-ecommerce standard §11): negative codes are processing errors.
const CEB_COLOURS: Record<string, string> = {
  '100': 'error',
  '120': 'processing',
  '300': 'warning',
  '399': 'success',
  '500': 'warning',
  '700': 'error',
  '800': 'success',
  '899': 'success',
};

/**
 * A receipt's status by its name: a declaration's receipts carry its status, CEB816 tax bills their
 * bill status (1 issued, 2 aggregated, 3 void), other CEB receipts the official returnStatus.
 */
function ReceiptStatus({ receipt }: { receipt: Receipt }) {
  const { tx } = useI18n();
  const { messageType, status } = receipt;
  if (messageType === 'DecMessage' && status !== 'accepted') return <Tag>{tx('status', status)}</Tag>;
  if (messageType === 'CEB816Message')
    return (
      <Tag color="cyan">
        <CodeLabel names="ceb.taxStatus" code={status} />
      </Tag>
    );
  if (messageType.startsWith('CEB')) {
    const negative = status.startsWith('-');
    const colour = negative ? 'error' : status.startsWith('5') ? 'warning' : CEB_COLOURS[status];
    return (
      <Tag color={colour} data-testid="ceb-status">
        <CodeLabel names="ceb.returnStatus" code={status} name={negative ? 'negative' : status} />
      </Tag>
    );
  }
  return (
    <Tag>
      <CodeLabel names="receipts.status" code={status} />
    </Tag>
  );
}

/** The latest exchange receipts (回执) addressed to the caller's enterprise, newest first. */
export function ReceiptsPage() {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ['receipts'],
    queryFn: () =>
      api<{ items: Receipt[] }>('/api/v1/exchange/receipts', { query: { limit: 200, order: 'newest' } }),
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
          {
            title: t('receipts.type'),
            dataIndex: 'messageType',
            render: (type: string) => <CodeLabel names="receipts.messageType" code={type} />,
          },
          { title: t('common.guid'), dataIndex: 'guid' },
          {
            title: t('receipts.status'),
            dataIndex: 'status',
            render: (_: string, r) => <ReceiptStatus receipt={r} />,
          },
          {
            title: t('action.reason'),
            dataIndex: 'reasons',
            // A reason without a message is a rule code; the e-commerce refusals have names. The
            // field it concerns follows, so a platform knows what to correct.
            render: (reasons: Receipt['reasons']) =>
              reasons?.map((r) => (
                <div key={`${r.path} ${r.rule}`}>
                  {r.message ?? <CodeLabel names="ecom.rule" code={r.rule} />}{' '}
                  <Typography.Text type="secondary" data-testid="reason-path">
                    {r.path}
                  </Typography.Text>
                </div>
              )),
          },
          { title: t('receipts.at'), dataIndex: 'createdAt', render: when },
        ]}
      />
    </Card>
  );
}
