import { Alert, Card, Descriptions, Empty, List, Statistic, Typography } from 'antd';
import type { Declaration, DutyTax, Explanation } from '../../../api/types.ts';
import { when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';

/**
 * Renders the tariff module's coded sentences (`duty.<code>` in the catalogues, filled with the
 * sentence's params). A code the console does not know yet, or an assessment stored before the
 * explanation was coded, shows the API's English text.
 */
function useExplain() {
  const { t, has } = useI18n();
  return (explanation: Explanation | null | undefined, fallback?: string): string | undefined => {
    if (!explanation) return fallback;
    const key = `duty.${explanation.code}`;
    if (!has(key)) return explanation.text;
    const params = { ...explanation.params };
    // Parameters that are codes themselves: a tax kind, a levy nature's programme.
    const kind = `detail.${params.kind}`;
    if (params.kind && has(kind)) params.kind = t(kind);
    const programme = `duty.programme.${params.levyNature}`;
    if (params.levyNature && has(programme)) params.programme = t(programme);
    return t(key, params);
  };
}

function TaxLine({ label, tax }: { label: string; tax: DutyTax | null | undefined }) {
  const explain = useExplain();
  if (!tax) return null;
  const quantity = explain(tax.quantity);
  return (
    <div data-testid="duty-tax">
      <Typography.Text strong>{label}</Typography.Text> {tax.payable} ·{' '}
      <Typography.Text type="secondary">{explain(tax.explanation, tax.note)}</Typography.Text>
      <br />
      <Typography.Text code>{tax.formula}</Typography.Text>
      {quantity && <Typography.Text type="secondary"> {quantity}</Typography.Text>}
    </div>
  );
}

/** The assessed duty and, per item, how each amount was worked out. */
export function DutyPanel({ declaration }: { declaration: Declaration }) {
  const { t, tx } = useI18n();
  const explain = useExplain();
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
      {duty.noteExplanations?.map((note) => (
        <Alert
          key={note.text}
          type={note.code === 'note.sample' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 8 }}
          title={explain(note)}
          data-testid="duty-note"
        />
      ))}
      <List
        dataSource={duty.lines}
        renderItem={(line) => (
          <Card
            size="small"
            style={{ marginBottom: 8 }}
            title={`#${line.itemNo} ${line.hsCode ?? ''} ${line.originCountry ?? ''}`}
          >
            {(line.valuation?.explanation ?? line.valuation?.steps ?? []).map((step) => {
              const text = typeof step === 'string' ? step : explain(step);
              return (
                <div key={typeof step === 'string' ? step : step.text} data-testid="duty-step">
                  <Typography.Text type="secondary">{text}</Typography.Text>
                </div>
              );
            })}
            {line.relief && (
              <div data-testid="duty-relief">
                <Typography.Text strong>
                  {t('detail.dutyMode')} {line.dutyMode ?? ''}
                </Typography.Text>{' '}
                · {explain(line.relief.explanation, line.relief.note)}
              </div>
            )}
            <TaxLine label={t('detail.customsDuty')} tax={line.customsDuty} />
            <TaxLine label={t('detail.consumptionTax')} tax={line.consumptionTax} />
            <TaxLine label={t('detail.vat')} tax={line.vat} />
          </Card>
        )}
      />
    </>
  );
}
