import { Card, Descriptions, Empty, List, Statistic, Typography } from 'antd';
import type { Declaration, DutyTax } from '../../../api/types.ts';
import { when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';

function TaxLine({ label, tax }: { label: string; tax: DutyTax | null | undefined }) {
  if (!tax) return null;
  return (
    <div>
      <Typography.Text strong>{label}</Typography.Text> {tax.payable} ·{' '}
      <Typography.Text type="secondary">{tax.note}</Typography.Text>
      <br />
      <Typography.Text code>{tax.formula}</Typography.Text>
    </div>
  );
}

/** The assessed duty and, per item, how each amount was worked out. */
export function DutyPanel({ declaration }: { declaration: Declaration }) {
  const { t, tx } = useI18n();
  const duty = declaration.duty;
  if (!duty) return <Empty description={t('detail.noDuty')} />;
  return (
    <>
      <Descriptions
        size="small"
        column={4}
        items={[
          {
            key: 'total',
            label: t('detail.dutyTotal'),
            children: <Statistic value={duty.total} suffix={t('common.cny')} />,
          },
          { key: 'duty', label: t('detail.customsDuty'), children: duty.customsDuty },
          { key: 'vat', label: t('detail.vat'), children: duty.vat },
          { key: 'ct', label: t('detail.consumptionTax'), children: duty.consumptionTax },
        ]}
      />
      {duty.secured && (
        <Typography.Paragraph>
          {t('detail.secured')}: {tx('action.method', duty.secured.method)} {duty.secured.reference ?? ''} ·{' '}
          {when(duty.secured.at)}
        </Typography.Paragraph>
      )}
      <List
        dataSource={duty.lines}
        renderItem={(line) => (
          <Card
            size="small"
            style={{ marginBottom: 8 }}
            title={`#${line.itemNo} ${line.hsCode ?? ''} ${line.originCountry ?? ''}`}
          >
            {line.valuation?.steps?.map((text) => (
              <div key={text}>
                <Typography.Text type="secondary">{text}</Typography.Text>
              </div>
            ))}
            {line.relief && <div>{line.relief.note}</div>}
            <TaxLine label={t('detail.customsDuty')} tax={line.customsDuty} />
            <TaxLine label={t('detail.consumptionTax')} tax={line.consumptionTax} />
            <TaxLine label={t('detail.vat')} tax={line.vat} />
          </Card>
        )}
      />
    </>
  );
}
