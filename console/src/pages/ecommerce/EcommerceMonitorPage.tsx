import { Card, Col, Empty, Result, Row, Space, Statistic, Typography } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { when } from '../../components/tags.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Chart } from '../dashboard/charts.tsx';
import { minuteSeries, minutesChartOption } from './minutesChart.ts';
import { totalLists, useEcommerceMonitoring } from './useMonitoring.ts';

const STATUSES = [
  { status: 'released', colour: '#389e0d' },
  { status: 'held', colour: '#d48806' },
  { status: 'pending', colour: '#1d4f91' },
  { status: 'rejected', colour: '#cf1322' },
  { status: 'cancelled' },
  { status: 'returned' },
] as const;

const DOCUMENTS = ['CEB311', 'CEB411', 'CEB511'] as const;

// Parcels signed for before their list was released, or with none, are what an officer follows up.
const PARCEL_FIGURES = [
  { key: 'signedFor', anomaly: false },
  { key: 'signedBeforeRelease', anomaly: true },
  { key: 'signedWithoutDeclaration', anomaly: true },
  { key: 'entered', anomaly: false },
  { key: 'enteredWithoutList', anomaly: true },
] as const;

function HorizontalBars({ testId, names, values }: { testId: string; names: string[]; values: number[] }) {
  return (
    <Chart
      testId={testId}
      height={Math.max(180, names.length * 32 + 40)}
      option={{
        tooltip: {},
        grid: { left: 170, right: 40, top: 10, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: names, inverse: true },
        series: [
          {
            type: 'bar',
            barMaxWidth: 24,
            data: values,
            itemStyle: { color: '#1d4f91' },
            label: { show: true, position: 'right' },
          },
        ],
      }}
    />
  );
}

/**
 * Cross-border e-commerce as it happens, today in China and in the officer's district: lists by
 * status, decided per minute, waiting for a document, refusals by reason, retail import tax
 * collected, parcels signed for and entered; every 5 s.
 */
export function EcommerceMonitorPage() {
  const { t, tx } = useI18n();
  const query = useEcommerceMonitoring();
  const data = query.data;

  const updated = (
    <Typography.Text type="secondary">
      {data && (
        <span data-testid="ecom-scope">
          {t(data.district === '0000' ? 'ecom.scopeAll' : 'ecom.scope', {
            day: data.day,
            district: data.district ?? '',
          })}
          {' · '}
        </span>
      )}
      {t('dash.updated', { at: when(new Date(query.dataUpdatedAt || Date.now()).toISOString()) })}
    </Typography.Text>
  );
  if (query.error) return <ApiErrorAlert error={query.error} />;
  if (data && totalLists(data) === 0) {
    return (
      <Card title={t('ecom.title')} extra={updated}>
        <Result
          status="info"
          title={t('ecom.emptyTitle')}
          subTitle={<span data-testid="ecom-empty">{t('ecom.emptyText')}</span>}
        />
      </Card>
    );
  }

  const minutes = minuteSeries(data?.listsPerMinute ?? {}, new Date(query.dataUpdatedAt || Date.now()));
  const missing = DOCUMENTS.map((doc) => data?.pendingMissing[doc] ?? 0);
  const refusals = Object.entries(data?.refusalsByReason ?? {}).sort((a, b) => b[1] - a[1]);

  return (
    <Card title={t('ecom.title')} loading={query.isPending} extra={updated}>
      <Row gutter={[16, 16]}>
        {STATUSES.map(({ status, ...rest }) => (
          <Col key={status} xs={12} md={8} xl={4}>
            <Card size="small">
              <div data-testid={`ecom-${status}`}>
                <Statistic
                  title={tx('ecom.status', status)}
                  value={data?.listsByStatus[status] ?? 0}
                  styles={'colour' in rest ? { content: { color: rest.colour } } : undefined}
                />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('ecom.perMinute')}>
            <Chart
              testId="chart-ecom-minutes"
              option={minutesChartOption(minutes, t('ecom.lists'), {
                left: 40,
                right: 20,
                top: 16,
                bottom: 30,
              })}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('ecom.tax')} style={{ height: '100%' }}>
            <Space direction="vertical" size={28} style={{ padding: '8px 4px' }}>
              <div data-testid="ecom-vat">
                <Statistic title={t('ecom.vat')} value={data?.taxCollected.valueAddedTax ?? '0.00'} />
              </div>
              <Statistic
                title={t('ecom.consumptionTax')}
                value={data?.taxCollected.consumptionTax ?? '0.00'}
              />
              <div data-testid="ecom-bills">
                <Statistic title={t('ecom.bills')} value={data?.taxCollected.bills ?? 0} />
              </div>
            </Space>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('ecom.pendingMissing')}>
            {missing.some((n) => n > 0) ? (
              <HorizontalBars
                testId="chart-ecom-missing"
                names={DOCUMENTS.map((doc) => tx('ecom.doc', doc))}
                values={missing}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ecom.noPending')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('ecom.refusals')}>
            {refusals.length > 0 ? (
              <HorizontalBars
                testId="chart-ecom-refusals"
                names={refusals.map(([rule]) => tx('ecom.rule', rule))}
                values={refusals.map(([, n]) => n)}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ecom.noRefusals')} />
            )}
          </Card>
        </Col>
      </Row>
      {data && (
        <Card size="small" title={t('ecom.parcels')} style={{ marginTop: 16 }}>
          <Row gutter={16}>
            {PARCEL_FIGURES.map(({ key, anomaly }) => {
              const value = data.parcels[key];
              return (
                <Col key={key} xs={12} md={8} xl={4}>
                  <div data-testid={`ecom-parcels-${key}`}>
                    <Statistic
                      title={t(`ecom.parcels.${key}`)}
                      value={value}
                      styles={anomaly && value > 0 ? { content: { color: '#cf1322' } } : undefined}
                    />
                  </div>
                </Col>
              );
            })}
          </Row>
        </Card>
      )}
    </Card>
  );
}
