import { Button, Card, Col, Form, Input, Row } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { fieldLabel, ITEM_DEFAULTS, ITEM_FIELDS, MAIN_ITEM_FIELDS } from './fields.ts';

const ORDERED = [
  ...MAIN_ITEM_FIELDS.map((name) => ITEM_FIELDS.find((f) => f.name === name)!),
  ...ITEM_FIELDS.filter((f) => !MAIN_ITEM_FIELDS.includes(f.name) && f.name !== 'itemNo'),
];

/** The goods lines: one card per item; item numbers follow the order. */
export function ItemsEditor() {
  const { t, lang } = useI18n();
  return (
    <Form.List name="items">
      {(rows, { add, remove }) => (
        <>
          {rows.map((row, index) => (
            <Card
              key={row.key}
              size="small"
              style={{ marginBottom: 12 }}
              title={t('form.item', { n: index + 1 })}
              extra={
                rows.length > 1 && (
                  <Button size="small" danger onClick={() => remove(row.name)}>
                    {t('form.removeItem')}
                  </Button>
                )
              }
            >
              <Row gutter={16}>
                {ORDERED.map((field) => (
                  <Col key={field.name} xs={24} md={12} xl={6}>
                    <Form.Item
                      name={[row.name, field.name]}
                      label={fieldLabel(field, lang)}
                      required={field.required}
                    >
                      <Input data-testid={`item-${index}-${field.name}`} allowClear />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Card>
          ))}
          <Button type="dashed" block onClick={() => add({ ...ITEM_DEFAULTS })} data-testid="add-item">
            {t('form.addItem')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
