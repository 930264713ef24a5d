import { Col, Collapse, Form, Input, Row } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { type FieldDef, fieldLabel, HEAD_FIELDS, MAIN_HEAD_FIELDS } from './fields.ts';

function HeadInput({ field }: { field: FieldDef }) {
  const { lang } = useI18n();
  return (
    <Col xs={24} md={12} xl={8}>
      <Form.Item
        name={['head', field.name]}
        label={fieldLabel(field, lang)}
        required={field.required}
        tooltip={lang === 'en' ? field.zh : undefined}
      >
        <Input data-testid={`head-${field.name}`} allowClear />
      </Form.Item>
    </Col>
  );
}

/** The header: the fields a declarant changes most, then the rest folded (opened when one has an error). */
export function HeadFields({
  moreOpen,
  onMoreOpen,
}: {
  moreOpen: boolean;
  onMoreOpen: (open: boolean) => void;
}) {
  const { t } = useI18n();
  const main = MAIN_HEAD_FIELDS.map((name) => HEAD_FIELDS.find((f) => f.name === name)).filter(
    (f): f is FieldDef => f !== undefined,
  );
  const more = HEAD_FIELDS.filter((f) => !MAIN_HEAD_FIELDS.includes(f.name));
  return (
    <>
      <Row gutter={16}>
        {main.map((field) => (
          <HeadInput key={field.name} field={field} />
        ))}
      </Row>
      <Collapse
        activeKey={moreOpen ? ['more'] : []}
        onChange={(keys) => onMoreOpen(keys.includes('more'))}
        items={[
          {
            key: 'more',
            label: t('form.moreHead'),
            forceRender: true,
            children: (
              <Row gutter={16}>
                {more.map((field) => (
                  <HeadInput key={field.name} field={field} />
                ))}
              </Row>
            ),
          },
        ]}
      />
    </>
  );
}
