import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Dashboard } from '../api/types.ts';
import { useAuth } from '../auth/auth.tsx';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { chinaClock, startOfChinaDay } from '../components/china-time.ts';
import { CHANNEL_COLOURS, when } from '../components/tags.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Chart } from './dashboard/charts.tsx';
import { EcommerceThroughput } from './dashboard/EcommerceThroughput.tsx';

const REFRESH_MS = 5_000;

/**
 * The live command dashboard: today's declarations, channel mix, releases and duty, and e-commerce
 * throughput for those who may monitor it; every 5 s.
 */
export function DashboardPage() {
  const { t, tx } = useI18n();
  const { can } = useAuth();
  const query = useQuery({
    queryKey: ['dashboard'],
    queryFn: () =>
      api<Dashboard>('/api/v1/declarations/dashboard', { query: { since: startOfChinaDay(new Date()) } }),
    refetchInterval: REFRESH_MS,
  });
  const [trend, setTrend] = useState<{ at: string; declared: number; released: number }[]>([]);
  const data = query.data;

  useEffect(() => {
    if (!data) return;
    const at = chinaClock(new Date(query.dataUpdatedAt), true);
    setTrend((points) => [...points.slice(-59), { at, declared: data.declared, released: data.released }]);
  }, [data, query.dataUpdatedAt]);

  if (query.error) return <ApiErrorAlert error={query.error} />;
  const channels = (['green', 'yellow', 'red'] as const).map((c) => ({
    name: tx('channel', c),
    value: data?.byChannel[c] ?? 0,
    itemStyle: { color: CHANNEL_COLOURS[c] },
  }));
  const statuses = Object.entries(data?.byStatus ?? {});

  return (
    <Card
      title={t('dash.title')}
      loading={query.isPending}
      extra={
        <Typography.Text type="secondary">
          {t('dash.updated', { at: when(new Date(query.dataUpdatedAt).toISOString()) })}
        </Typography.Text>
      }
    >
      <Row gutter={16}>
        <Col span={8}>
          <Card size="small">
            <div data-testid="dash-declared">
              <Statistic title={t('dash.declared')} value={data?.declared ?? 0} />
            </div>
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small">
            <div data-testid="dash-released">
              <Statistic title={t('dash.released')} value={data?.released ?? 0} />
            </div>
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small">
            <div data-testid="dash-duty">
              <Statistic title={t('dash.duty')} value={data?.dutyCollected ?? '0.00'} />
            </div>
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('dash.channels')}>
            <Chart
              testId="chart-channels"
              option={{
                tooltip: { trigger: 'item' },
                legend: { bottom: 0 },
                series: [
                  { type: 'pie', radius: ['40%', '70%'], data: channels, label: { formatter: '{b}: {c}' } },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('dash.byStatus')}>
            <Chart
              testId="chart-status"
              option={{
                tooltip: {},
                grid: { left: 110, right: 20, top: 10, bottom: 20 },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', data: statuses.map(([s]) => tx('status', s)) },
                series: [
                  {
                    type: 'bar',
                    barMaxWidth: 28,
                    data: statuses.map(([, n]) => n),
                    itemStyle: { color: '#1d4f91' },
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={`${t('dash.declared')} / ${t('dash.released')}`}>
            <Chart
              testId="chart-trend"
              option={{
                tooltip: { trigger: 'axis' },
                legend: { bottom: 0 },
                grid: { left: 40, right: 20, top: 10, bottom: 50 },
                xAxis: { type: 'category', data: trend.map((p) => p.at) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  { name: t('dash.declared'), type: 'line', data: trend.map((p) => p.declared) },
                  { name: t('dash.released'), type: 'line', data: trend.map((p) => p.released) },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
      {can('ecommerce.monitor') && <EcommerceThroughput />}
    </Card>
  );
}
