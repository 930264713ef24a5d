import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { ListView } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { when } from '../../components/tags.tsx';
import { useI18n } from '../../i18n/index.tsx';

const STATUS_COLOURS: Record<ListView['status'], string> = {
  pending: 'processing',
  released: 'success',
  held: 'warning',
  rejected: 'error',
  cancelled: 'default',
  returned: 'default',
};

/** One reason as people read it: a refusal's rule by name (with an officer's note), or a risk reason. */
function Reason({ reason }: { reason: NonNullable<ListView['reasons']>[number] }) {
  const { tx, lang } = useI18n();
  if ('rule' in reason) {
    const note =
      typeof reason.params?.note === 'string' ? `${lang === 'en' ? ': ' : '：'}${reason.params.note}` : '';
    return (
      <div>
        {tx('ecom.rule', reason.rule)}
        {note} <code>{reason.rule}</code>
      </div>
    );
  }
  return <div>{lang === 'en' ? reason.en : reason['zh-CN']}</div>;
}

/**
 * An inventory list by its preNo or invtNo (清单查询): what customs decided and why, its tax, what was
 * returned, and its parcel. Enterprises see their own lists, officers those of their district.
 */
export function ListLookupPage() {
  const { t, tx } = useI18n();
  const [number, setNumber] = useState('');
  const query = useQuery({
    queryKey: ['ecommerce', 'list', number],
    queryFn: () => api<ListView>(`/api/v1/ecommerce/lists/${encodeURIComponent(number)}`),
    enabled: number.length > 0,
    retry: false,
  });
  const list = query.data;
  return (
    <Card title={t('menu.ecommerceLookup')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.Search
          placeholder={t('lookup.placeholder')}
          enterButton={t('common.search')}
          allowClear
          loading={query.isFetching}
          onSearch={(value) => setNumber(value.trim())}
          style={{ maxWidth: 560 }}
          data-testid="lookup-number"
        />
        <ApiErrorAlert error={query.error} />
        {!number && <Empty description={t('lookup.empty')} />}
        {list && (
          <Descriptions size="small" column={2} bordered data-testid="lookup-result">
            <Descriptions.Item label={t('held.invtNo')}>{list.invtNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('held.preNo')}>{list.preNo}</Descriptions.Item>
            <Descriptions.Item label={t('lookup.status')}>
              <Tag color={STATUS_COLOURS[list.status]} data-testid="lookup-status">
                {tx('ecom.status', list.status)}
              </Tag>
              {tx('ceb.returnStatus', list.returnStatus)} {list.returnStatus}
            </Descriptions.Item>
            <Descriptions.Item label={t('lookup.decidedAt')}>{when(list.decidedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('lookup.reasons')} span={2}>
              <div data-testid="lookup-reasons">
                {list.reasons?.length
                  ? list.reasons.map((r) => <Reason key={JSON.stringify(r)} reason={r} />)
                  : '—'}
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t('held.orderWaybill')}>
              {list.orderNo} / {list.logisticsNo}
            </Descriptions.Item>
            <Descriptions.Item label={t('held.copNo')}>{list.copNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('held.merchant')}>{list.ebcCode}</Descriptions.Item>
            <Descriptions.Item label={t('held.customs')}>{list.customsCode}</Descriptions.Item>
            <Descriptions.Item label={t('held.taxPrice')}>{list.tax?.taxPrice ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('lookup.taxes')}>
              {list.tax ? `${list.tax.valueAddedTax} / ${list.tax.consumptionTax}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('lookup.taxBill')} span={2}>
              <span data-testid="lookup-bill">
                {list.taxBill
                  ? t('lookup.taxBillText', {
                      taxNo: list.taxBill.taxNo,
                      vat: list.taxBill.valueAddedTax,
                      ct: list.taxBill.consumptionTax,
                    })
                  : '—'}
              </span>
              {list.taxBill && (
                <Tag
                  color={list.taxBill.status === '2' ? 'blue' : 'default'}
                  style={{ marginInlineStart: 8 }}
                >
                  <span data-testid="lookup-bill-status">
                    {tx('ceb.taxStatus', list.taxBill.status)}
                    {list.taxBill.entDutyNo ? ` ${t('summary.entDutyNo')} ${list.taxBill.entDutyNo}` : ''}
                  </span>
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('lookup.returned')} span={2}>
              {list.returned.length
                ? list.returned.map((r) => t('lookup.returnedLine', { gnum: r.gnum, qty: r.qty })).join('；')
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('lookup.parcel')} span={2}>
              {[
                list.parcel.signedAt && t('lookup.signedAt', { at: when(list.parcel.signedAt) }),
                list.parcel.anomaly && tx('lookup.anomaly', list.parcel.anomaly),
                list.parcel.rkdNo && t('lookup.entered', { rkdNo: list.parcel.rkdNo }),
              ]
                .filter(Boolean)
                .join('；') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('held.declaredAt')}>{when(list.createdAt)}</Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
