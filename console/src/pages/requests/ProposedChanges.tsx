import { Empty, Table, Typography } from 'antd';
import type { DeclarationContent } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { contentChanges, type FieldChange } from './changes.ts';

/** The fields an amendment request would change, old value beside new. */
export function ProposedChanges({
  current,
  proposed,
}: {
  current: DeclarationContent;
  proposed: DeclarationContent;
}) {
  const { t, lang } = useI18n();
  const changes = contentChanges(current, proposed, lang);
  if (changes.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('req.noChanges')} />;
  const where = (change: FieldChange) => {
    if (change.item === 0) return t('detail.head');
    const suffix = change.itemChange
      ? ` ${t(change.itemChange === 'added' ? 'req.itemAdded' : 'req.itemRemoved')}`
      : '';
    return `${t('req.item', { n: change.item })}${suffix}`;
  };
  return (
    <Table<FieldChange>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={changes}
      data-testid="proposed-changes"
      title={() => t('req.changeCount', { n: changes.length })}
      columns={[
        { title: t('req.field'), key: 'field', render: (_, c) => `${where(c)} · ${c.field}` },
        {
          title: t('req.current'),
          dataIndex: 'from',
          render: (v?: string) => <Typography.Text delete={v !== undefined}>{v ?? '—'}</Typography.Text>,
        },
        {
          title: t('req.proposed'),
          dataIndex: 'to',
          render: (v?: string) => <Typography.Text strong>{v ?? '—'}</Typography.Text>,
        },
      ]}
    />
  );
}
