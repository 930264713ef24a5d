import { useQuery } from '@tanstack/react-query';
import { Card, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';

interface HsHit {
  code: string;
  level: number;
  nameZh: string | null;
  nameEn: string | null;
  score: number;
}

/** Ranked HS nomenclature search by code prefix, Chinese or English words. */
export function HsSearchPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const query = useQuery({
    queryKey: ['hs', q],
    queryFn: () =>
      api<{ total: number; hits: HsHit[] }>('/api/v1/reference/hs/search', { query: { q, limit: 50 } }),
    enabled: q.length > 0,
  });
  return (
    <Card title={t('menu.hs')}>
      <Input.Search
        placeholder={t('hs.placeholder')}
        enterButton={t('common.search')}
        allowClear
        loading={query.isFetching}
        onSearch={(value) => setQ(value.trim())}
        style={{ maxWidth: 560, marginBottom: 16 }}
        data-testid="hs-query"
      />
      <ApiErrorAlert error={query.error} style={{ marginBottom: 16 }} />
      <Table<HsHit>
        rowKey="code"
        size="small"
        loading={query.isFetching}
        dataSource={query.data?.hits ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: q ? t('hs.noHits') : t('hs.empty') }}
        columns={[
          { title: t('hs.code'), dataIndex: 'code', render: (code: string) => <code>{code}</code> },
          { title: t('hs.level'), dataIndex: 'level', render: (level: number) => <Tag>{level}</Tag> },
          { title: t('hs.nameZh'), dataIndex: 'nameZh' },
          { title: t('hs.nameEn'), dataIndex: 'nameEn' },
        ]}
      />
    </Card>
  );
}
