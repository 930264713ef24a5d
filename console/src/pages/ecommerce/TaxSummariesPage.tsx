import { Alert, Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TaxSummary } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { emptyOnceAnswered, serverPagination } from '../../components/tables.tsx';
import { when } from '../../components/tags.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSummarisedBills, useTaxSummaries } from './useTaxSummaries.ts';

const amount = { align: 'right' as const, width: 120 };
// Short headings kept on one line (the amounts beside them take the width).
const oneLine = { onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };
const time = (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{when(at)}</span>;

/** The bills added up in one summary, for the guarantor to reconcile against its own books. */
function SummaryBills({ summary }: { summary: TaxSummary }) {
  const { t } = useI18n();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = useSummarisedBills(summary, paging);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="summary-bills">
      <ApiErrorAlert error={query.error} />
      <Table
        rowKey="taxNo"
        size="small"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        pagination={serverPagination(t, paging, query.data?.total, setPaging)}
        columns={[
          {
            title: t('summary.taxNo'),
            dataIndex: 'taxNo',
            render: (taxNo: string) => <span data-testid="summary-bill">{taxNo}</span>,
          },
          { title: t('held.invtNo'), dataIndex: 'invtNo' },
          {
            title: t('held.copNo'),
            dataIndex: 'copNo',
            render: (copNo: string | null) => copNo ?? '—',
            ...oneLine,
          },
          { title: t('held.merchant'), dataIndex: 'ebcCode', ...oneLine },
          { title: t('summary.releasedAt'), dataIndex: 'releasedAt', render: time },
          { title: t('summary.windowClosedAt'), dataIndex: 'windowClosedAt', render: time },
          {
            title: t('summary.payBy'),
            dataIndex: 'payBy',
            render: (day: string) => <span style={{ whiteSpace: 'nowrap' }}>{day}</span>,
          },
          { title: t('held.vat'), dataIndex: 'valueAddedTax', ...amount },
          { title: t('held.consumptionTax'), dataIndex: 'consumptionTax', ...amount },
          { title: t('summary.totalTax'), dataIndex: 'totalTax', ...amount },
        ]}
      />
    </Space>
  );
}

/**
 * 汇总征税: the tax bills whose 30-day return window has closed, summed per guarantor (assureCode), customs
 * and month. Enterprises see the months they guarantee, officers those of their district; a row opens to
 * its bills.
 */
export function TaxSummariesPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const period = month?.format('YYYY-MM');
  const query = useTaxSummaries({ ...(period ? { period } : {}), ...paging });

  return (
    <Card
      title={t('menu.ecommerceTaxSummaries')}
      extra={
        <Space>
          <DatePicker
            picker="month"
            value={month}
            placeholder={t('summary.allMonths')}
            onChange={(value) => {
              setMonth(value);
              setPaging({ ...paging, page: 1 });
            }}
            data-testid="summary-month"
          />
          <Button
            onClick={() => void query.refetch()}
            loading={query.isFetching}
            data-testid="summary-refresh"
          >
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" title={t('summary.hint')} />
        <ApiErrorAlert error={query.error} />
        <Table<TaxSummary>
          rowKey={(s) => `${s.assureCode}|${s.customsCode}|${s.period}`}
          size="middle"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          expandable={{ expandedRowRender: (summary) => <SummaryBills summary={summary} /> }}
          locale={emptyOnceAnswered(query, t('summary.empty'))}
          pagination={serverPagination(t, paging, query.data?.total, setPaging)}
          columns={[
            {
              title: t('summary.period'),
              dataIndex: 'period',
              ...oneLine,
              render: (period: string) => (
                <span data-testid="summary-period" style={{ whiteSpace: 'nowrap' }}>
                  {period}
                </span>
              ),
            },
            {
              title: t('summary.assureCode'),
              dataIndex: 'assureCode',
              ...oneLine,
              render: (code: string) => <span style={{ whiteSpace: 'nowrap' }}>{code}</span>,
            },
            { title: t('held.customs'), dataIndex: 'customsCode', ...oneLine },
            {
              title: t('summary.entDutyNo'),
              dataIndex: 'entDutyNo',
              render: (no: string) => (
                <Typography.Text copyable data-testid="summary-duty-no" style={{ whiteSpace: 'nowrap' }}>
                  {no}
                </Typography.Text>
              ),
            },
            { title: t('summary.bills'), dataIndex: 'bills', align: 'right', ...oneLine },
            { title: t('summary.customsTax'), dataIndex: 'customsTax', ...amount },
            { title: t('held.vat'), dataIndex: 'valueAddedTax', ...amount },
            { title: t('held.consumptionTax'), dataIndex: 'consumptionTax', ...amount },
            {
              title: t('summary.totalTax'),
              dataIndex: 'totalTax',
              ...amount,
              render: (total: string) => (
                <Typography.Text strong data-testid="summary-total">
                  {total}
                </Typography.Text>
              ),
            },
            {
              title: t('summary.firstPayBy'),
              dataIndex: 'payBy',
              ...oneLine,
              render: (day: string | null) => (
                <span data-testid="summary-pay-by" style={{ whiteSpace: 'nowrap' }}>
                  {day ?? '—'}
                </span>
              ),
            },
            { title: t('summary.updatedAt'), dataIndex: 'updatedAt', render: time },
          ]}
        />
      </Space>
    </Card>
  );
}
