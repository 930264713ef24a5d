import { Button, Card, Col, Row, Statistic } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { minuteSeries, minutesChartOption } from '../ecommerce/minutesChart.ts';
import { useEcommerceMonitoring } from '../ecommerce/useMonitoring.ts';
import { Chart } from './charts.tsx';

/** The dashboard's e-commerce row: lists decided per minute and released lists, every 5 s. */
export function EcommerceThroughput() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const query = useEcommerceMonitoring();
  const data = query.data;
  const minutes = minuteSeries(data?.listsPerMinute ?? {}, new Date(query.dataUpdatedAt || Date.now()));
  const lastHour = minutes.reduce((sum, p) => sum + p.count, 0);

  return (
    <Card
      size="small"
      title={t('ecom.dashTitle')}
      loading={query.isPending}
      style={{ marginTop: 16 }}
      extra={
        <Button type="link" size="small" onClick={() => navigate('/ecommerce/monitor')}>
          {t('ecom.open')}
        </Button>
      }
    >
      <ApiErrorAlert error={query.error} />
      <Row gutter={16} align="middle">
        <Col xs={24} md={4}>
          <div data-testid="dash-ecom-minute">
            <Statistic title={t('ecom.thisMinute')} value={minutes.at(-1)?.count ?? 0} />
          </div>
        </Col>
        <Col xs={24} md={4}>
          <div data-testid="dash-ecom-hour">
            <Statistic title={t('ecom.lastHour')} value={lastHour} />
          </div>
        </Col>
        <Col xs={24} md={4}>
          <div data-testid="dash-ecom-released">
            <Statistic title={t('ecom.releasedTotal')} value={data?.listsByStatus.released ?? 0} />
          </div>
        </Col>
        <Col xs={24} md={12}>
          <Chart
            testId="chart-dash-ecom"
            height={120}
            option={minutesChartOption(minutes, t('ecom.lists'), {
              left: 36,
              right: 12,
              top: 10,
              bottom: 24,
            })}
          />
        </Col>
      </Row>
    </Card>
  );
}
