import { useInfiniteQuery } from '@tanstack/react-query';
import { AutoComplete, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { CodeLabel, when } from '../components/tags.tsx';
import { type MessageKey, useI18n } from '../i18n/index.tsx';

interface AuditRecord {
  seq: number;
  at: string;
  actorKind: string;
  actorId: string;
  action: string;
  recordType: string;
  recordId: string;
  ip: string | null;
  hash: string;
}

interface Filters {
  actor?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
}

/** A filter on a coded field: pick a code by its name or its code, or type any code. */
function CodeFilter({ names, ...props }: { names: string; placeholder: string; value?: string }) {
  const { t, codes } = useI18n();
  const options = codes(names).map((code) => ({
    value: code,
    name: t(`${names}.${code}` as MessageKey),
    label: <CodeLabel names={names} code={code} />,
  }));
  return (
    <AutoComplete
      {...props}
      allowClear
      options={options}
      style={{ width: 220 }}
      popupMatchSelectWidth={320}
      showSearch={{
        filterOption: (input, option) =>
          `${option?.value ?? ''} ${option?.name ?? ''}`.toLowerCase().includes(input.trim().toLowerCase()),
      }}
    />
  );
}

/** The hash-chained audit trail, newest first, for auditors; older pages load on demand. */
export function AuditPage() {
  const { t, tx } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const query = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api<{ records: AuditRecord[]; next?: number }>('/api/v1/audit/records', {
        query: { ...filters, before: pageParam, limit: 50 },
      }),
    getNextPageParam: (last) => last.next,
  });
  const records = query.data?.pages.flatMap((page) => page.records) ?? [];
  const clean = (values: Filters) =>
    Object.fromEntries(
      Object.entries(values).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
    ) as Filters;

  return (
    <Card title={t('menu.audit')}>
      <Form<Filters>
        layout="inline"
        onFinish={(values) => setFilters(clean(values))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="actor">
          <Input placeholder={t('audit.actor')} allowClear />
        </Form.Item>
        <Form.Item name="action">
          <CodeFilter names="audit.actionName" placeholder={t('audit.action')} />
        </Form.Item>
        <Form.Item name="recordType">
          <CodeFilter names="audit.recordTypeName" placeholder={t('audit.recordType')} />
        </Form.Item>
        <Form.Item name="recordId">
          <Input placeholder={t('audit.recordId')} allowClear />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      <ApiErrorAlert error={query.error} style={{ marginBottom: 16 }} />
      <Table<AuditRecord>
        rowKey="seq"
        size="small"
        loading={query.isFetching}
        dataSource={records}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        columns={[
          { title: '#', dataIndex: 'seq' },
          { title: t('audit.at'), dataIndex: 'at', render: when },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_, r) => `${tx('audit.actorKind', r.actorKind)} ${r.actorId}`,
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (action: string) => <CodeLabel names="audit.actionName" code={action} />,
          },
          {
            title: t('audit.recordType'),
            dataIndex: 'recordType',
            render: (type: string) => <CodeLabel names="audit.recordTypeName" code={type} />,
          },
          { title: t('audit.recordId'), dataIndex: 'recordId' },
          { title: t('common.ip'), dataIndex: 'ip' },
          {
            title: t('audit.hash'),
            dataIndex: 'hash',
            render: (h: string) => <Typography.Text code>{h.slice(0, 12)}</Typography.Text>,
          },
        ]}
      />
      {query.hasNextPage && (
        <Button
          style={{ marginTop: 16 }}
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          {t('audit.more')}
        </Button>
      )}
    </Card>
  );
}
