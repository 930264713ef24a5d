import { Table } from 'antd';
import { Link } from 'react-router-dom';
import type { Declaration, Page } from '../../api/types.ts';
import { ChannelTag, StatusTag, when } from '../../components/tags.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { goodsSummary } from './useDeclarations.ts';

interface Props {
  data: Page<Declaration> | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  empty: string;
}

/** Declarations in a server-paged table; the pre-entry number opens the detail. */
export function DeclarationTable({ data, loading, page, pageSize, onPage, empty }: Props) {
  const { t, tx } = useI18n();
  return (
    <Table<Declaration>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data?.items ?? []}
      locale={{ emptyText: <span data-testid="empty">{empty}</span> }}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('common.total', { n: total }),
        onChange: onPage,
      }}
      columns={[
        {
          title: t('decl.preEntryNo'),
          dataIndex: 'preEntryNo',
          render: (value: string, row) => (
            <Link to={`/declarations/${row.id}`} data-testid="declaration-link">
              {value}
            </Link>
          ),
        },
        { title: t('decl.entryId'), dataIndex: 'entryId', render: (v: string | null) => v ?? '—' },
        { title: t('decl.enterprise'), dataIndex: 'enterpriseCode' },
        { title: t('decl.district'), dataIndex: 'district' },
        { title: t('decl.ieFlag'), dataIndex: 'ieFlag', render: (v: string | null) => tx('ie', v) },
        { title: t('decl.goods'), key: 'goods', render: (_, row) => goodsSummary(row) },
        {
          title: t('decl.status'),
          dataIndex: 'status',
          render: (_, row) => <StatusTag status={row.status} />,
        },
        {
          title: t('decl.channel'),
          dataIndex: 'channel',
          render: (_, row) => <ChannelTag channel={row.channel} />,
        },
        { title: t('decl.declaredAt'), dataIndex: 'declaredAt', render: (v: string | null) => when(v) },
        { title: t('decl.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => when(v) },
      ]}
    />
  );
}
