import { Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { DeclarationStatus } from '../../api/types.ts';
import { useAuth } from '../../auth/auth.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { chinaDayBounds } from '../../components/china-time.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DeclarationTable } from './DeclarationTable.tsx';
import { type DeclarationFilters, useDeclarationPage } from './useDeclarations.ts';

const STATUSES: DeclarationStatus[] = [
  'draft',
  'declared',
  'channel_assigned',
  'under_review',
  'duty_assessed',
  'duty_secured',
  'inspection_ordered',
  'inspected',
  'released',
  'closed',
  'rejected',
  'withdrawn',
];

interface FilterForm {
  status?: string;
  channel?: string;
  ieFlag?: string;
  q?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** Declarations with filters; the server pages, filters and scopes them. */
export function DeclarationListPage() {
  const { t, tx } = useI18n();
  const { can, principal } = useAuth();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<DeclarationFilters>({ page: 1, pageSize: 20 });
  const query = useDeclarationPage(filters);

  const apply = (values: FilterForm) => {
    const [from, to] = values.dates ?? [];
    setFilters({
      page: 1,
      pageSize: filters.pageSize,
      status: values.status,
      channel: values.channel,
      ieFlag: values.ieFlag,
      q: values.q?.trim() || undefined,
      // The days picked are customs days (China Standard Time), whatever the browser's zone.
      from: from ? chinaDayBounds(from.format('YYYY-MM-DD')).from : undefined,
      to: to ? chinaDayBounds(to.format('YYYY-MM-DD')).to : undefined,
    });
  };

  return (
    <Card
      title={t('menu.declarations')}
      extra={
        can('declaration.draft') && (
          <Button type="primary" onClick={() => navigate('/declarations/new')} data-testid="new-declaration">
            {t('menu.newDeclaration')}
          </Button>
        )
      }
    >
      <Form<FilterForm> layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="q">
          <Input placeholder={t('decl.keyword')} allowClear style={{ width: 200 }} data-testid="filter-q" />
        </Form.Item>
        <Form.Item name="status">
          <Select
            placeholder={t('decl.status')}
            allowClear
            style={{ width: 150 }}
            options={STATUSES.map((s) => ({ value: s, label: tx('status', s) }))}
          />
        </Form.Item>
        <Form.Item name="channel">
          <Select
            placeholder={t('decl.channel')}
            allowClear
            style={{ width: 120 }}
            options={['green', 'yellow', 'red'].map((c) => ({ value: c, label: tx('channel', c) }))}
          />
        </Form.Item>
        <Form.Item name="ieFlag">
          <Select
            placeholder={t('decl.ieFlag')}
            allowClear
            style={{ width: 100 }}
            options={['I', 'E'].map((c) => ({ value: c, label: tx('ie', c) }))}
          />
        </Form.Item>
        <Form.Item name="dates">
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button htmlType="reset" onClick={() => setFilters({ page: 1, pageSize: filters.pageSize })}>
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <ApiErrorAlert error={query.error} style={{ marginBottom: 16 }} />
      <DeclarationTable
        data={query.data}
        loading={query.isFetching}
        page={filters.page}
        pageSize={filters.pageSize}
        onPage={(page, pageSize) => setFilters({ ...filters, page, pageSize })}
        empty={principal?.kind === 'enterprise' ? t('decl.emptyEnterprise') : t('decl.emptyOfficer')}
      />
    </Card>
  );
}
