import { Descriptions, Table } from 'antd';
import type { DeclarationContent } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { fieldLabel, HEAD_FIELDS, ITEM_FIELDS } from '../form/fields.ts';

/** Every header field that has a value, labelled in the chosen language. */
export function HeadPanel({ content }: { content: DeclarationContent }) {
  const { lang } = useI18n();
  const items = HEAD_FIELDS.filter((field) => content.head[field.name]).map((field) => ({
    key: field.name,
    label: fieldLabel(field, lang),
    children: content.head[field.name],
  }));
  return <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} items={items} />;
}

const ITEM_COLUMNS = [
  'itemNo',
  'hsCode',
  'name',
  'model',
  'quantity',
  'unit',
  'unitPrice',
  'total',
  'currency',
  'originCountry',
  'dutyMode',
];

/** The goods lines as a table. */
export function ItemsPanel({ content }: { content: DeclarationContent }) {
  const { lang } = useI18n();
  const fields = ITEM_FIELDS.filter((field) => ITEM_COLUMNS.includes(field.name));
  return (
    <Table
      size="small"
      rowKey={(row) => row.itemNo ?? JSON.stringify(row)}
      pagination={false}
      dataSource={content.items}
      scroll={{ x: true }}
      columns={fields.map((field) => ({ title: fieldLabel(field, lang), dataIndex: field.name }))}
    />
  );
}
