import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Input, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useAuth } from '../auth/auth.tsx';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';

interface Score {
  score: number | null;
  previousScore: number | null;
  level: string;
  levelSince: string;
  scoredOn: string | null;
  reasons: { code: string; points?: number; params?: Record<string, unknown> }[];
}

interface Measures {
  targetInspectionRate: string;
  documentReview: string;
  aggregateTaxPayment: boolean;
  guaranteeWaiver: boolean;
  priorityHandling: boolean;
}

interface Enterprise {
  code: string;
  uscc: string;
  nameZh: string;
  nameEn: string | null;
  address: string;
  district: string;
  types: string[];
}

/** An enterprise's credit profile: who it is, its score with the reasons, and the measures it gets. */
export function CreditPage() {
  const { t, tx, lang } = useI18n();
  const { principal } = useAuth();
  const navigate = useNavigate();
  const code = useParams().code ?? principal?.enterpriseCode;
  const base = `/api/v1/credit/enterprises/${code}`;
  const enterprise = useQuery({
    queryKey: ['enterprise', code],
    queryFn: () => api<Enterprise>(base),
    enabled: !!code,
  });
  const score = useQuery({
    queryKey: ['credit', code, 'score'],
    queryFn: () => api<Score>(`${base}/score`),
    enabled: !!code,
  });
  const measures = useQuery({
    queryKey: ['credit', code, 'measures'],
    queryFn: () => api<Measures>(`${base}/measures`),
    enabled: !!code,
  });
  const yesNo = (v: boolean | undefined) => (v ? t('yes') : t('no'));
  // Levels inside a reason's details read as the level's name.
  const paramValue = (key: string, value: unknown) =>
    key === 'level' || key === 'certified' ? tx('credit.level', String(value)) : String(value);
  const percent = (rate: string) => `${Number((Number(rate) * 100).toFixed(2))}%`;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('menu.credit')}>
        <Input.Search
          placeholder={t('credit.code')}
          enterButton={t('credit.lookup')}
          defaultValue={code}
          style={{ maxWidth: 420 }}
          onSearch={(value) => value.trim() && navigate(`/credit/${value.trim()}`)}
          data-testid="credit-code"
        />
        {!code && <p style={{ marginTop: 16 }}>{t('credit.enterEnterprise')}</p>}
      </Card>
      {code && (
        <>
          <ApiErrorAlert error={enterprise.error ?? score.error ?? measures.error} />
          {enterprise.data && (
            <Card
              title={
                lang === 'en' && enterprise.data.nameEn ? enterprise.data.nameEn : enterprise.data.nameZh
              }
            >
              <Descriptions
                size="small"
                column={{ xs: 1, md: 3 }}
                items={[
                  { key: 'code', label: t('credit.code'), children: enterprise.data.code },
                  { key: 'uscc', label: t('credit.uscc'), children: enterprise.data.uscc },
                  { key: 'district', label: t('decl.district'), children: enterprise.data.district },
                  { key: 'address', label: t('credit.address'), children: enterprise.data.address },
                  {
                    key: 'types',
                    label: t('credit.types'),
                    children: enterprise.data.types.map((type) => (
                      <Tag key={type}>{tx('credit.type', type)}</Tag>
                    )),
                  },
                ]}
              />
            </Card>
          )}
          {score.data && (
            <Card title={t('credit.reasons')} loading={score.isPending}>
              <Space size="large" style={{ marginBottom: 16 }}>
                <Statistic title={t('credit.score')} value={score.data.score ?? '—'} />
                <Statistic title={t('credit.level')} value={tx('credit.level', score.data.level)} />
                <Statistic title={t('credit.levelSince')} value={score.data.levelSince} />
                <Statistic title={t('credit.scoredOn')} value={score.data.scoredOn ?? '—'} />
              </Space>
              <Table
                size="small"
                rowKey={(r) => `${r.code}-${JSON.stringify(r.params ?? {})}`}
                pagination={false}
                dataSource={score.data.reasons}
                locale={{ emptyText: t('common.none') }}
                columns={[
                  {
                    title: t('credit.reasonCode'),
                    dataIndex: 'code',
                    render: (c: string) => (
                      <>
                        {tx('credit.reason', c) !== c && `${tx('credit.reason', c)} `}
                        <Typography.Text code>{c}</Typography.Text>
                      </>
                    ),
                  },
                  {
                    title: t('credit.points'),
                    dataIndex: 'points',
                    render: (p?: number) =>
                      p === undefined ? '—' : <Tag color={p < 0 ? 'red' : 'green'}>{p}</Tag>,
                  },
                  {
                    title: t('credit.params'),
                    dataIndex: 'params',
                    render: (p?: Record<string, unknown>) =>
                      p
                        ? Object.entries(p)
                            .map(([k, v]) => `${tx('credit.param', k)}: ${paramValue(k, v)}`)
                            .join(' · ')
                        : '',
                  },
                ]}
              />
            </Card>
          )}
          {measures.data && (
            <Card title={t('credit.measures')}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 3 }}
                items={[
                  {
                    key: 'rate',
                    label: t('credit.targetRate'),
                    children: percent(measures.data.targetInspectionRate),
                  },
                  {
                    key: 'review',
                    label: t('credit.documentReview'),
                    children: tx('credit.review', measures.data.documentReview),
                  },
                  {
                    key: 'agg',
                    label: t('credit.aggregate'),
                    children: yesNo(measures.data.aggregateTaxPayment),
                  },
                  {
                    key: 'waiver',
                    label: t('credit.guaranteeWaiver'),
                    children: yesNo(measures.data.guaranteeWaiver),
                  },
                  {
                    key: 'priority',
                    label: t('credit.priority'),
                    children: yesNo(measures.data.priorityHandling),
                  },
                ]}
              />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
