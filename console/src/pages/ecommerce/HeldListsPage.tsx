import { Alert, Button, Card, Descriptions, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { HeldList } from '../../api/types.ts';
import { useAuth } from '../../auth/auth.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { emptyOnceAnswered, serverPagination } from '../../components/tables.tsx';
import { when } from '../../components/tags.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ConclusionModal } from './ConclusionModal.tsx';
import { type Conclusion, type HeldFilters, type Hold, useHeldLists } from './useHeldLists.ts';

const HOLDS: ('all' | Hold)[] = ['all', 'review', 'inspection'];

/** What an officer reads before concluding: the parties, the buyer, the goods line by line and the tax. */
function HeldListDetail({ list }: { list: HeldList }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="held-detail">
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label={t('held.preNo')}>{list.preNo}</Descriptions.Item>
        <Descriptions.Item label={t('held.copNo')}>{list.copNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('held.customs')}>{list.customsCode}</Descriptions.Item>
        <Descriptions.Item label={t('held.platform')}>
          {list.ebpName} {list.ebpCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('held.agent')}>{list.agentCode}</Descriptions.Item>
        <Descriptions.Item label={t('held.carrier')}>{list.logisticsCode}</Descriptions.Item>
        <Descriptions.Item label={t('held.buyer')}>{list.buyerName}</Descriptions.Item>
        <Descriptions.Item label={t('held.address')} span={2}>
          {list.consigneeAddress}
        </Descriptions.Item>
        <Descriptions.Item label={t('held.vat')}>{list.tax?.valueAddedTax ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('held.consumptionTax')}>
          {list.tax?.consumptionTax ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('held.declaredAt')}>{when(list.declaredAt)}</Descriptions.Item>
      </Descriptions>
      <Table<HeldList['goods'][number]>
        rowKey="gnum"
        size="small"
        pagination={false}
        dataSource={list.goods}
        columns={[
          { title: t('held.gnum'), dataIndex: 'gnum', width: 60 },
          { title: t('held.gcode'), dataIndex: 'gcode', width: 120 },
          { title: t('held.gname'), dataIndex: 'gname' },
          { title: t('held.gmodel'), dataIndex: 'gmodel' },
          { title: t('held.country'), dataIndex: 'country', width: 80 },
          { title: t('held.qty'), key: 'qty', width: 90, render: (_, l) => `${l.qty} (${l.unit})` },
          { title: t('held.price'), dataIndex: 'price', width: 100, align: 'right' },
          { title: t('held.totalPrice'), dataIndex: 'totalPrice', width: 110, align: 'right' },
        ]}
      />
    </Space>
  );
}

/**
 * The officers' queue of cross-border lists held by risk (300 人工审核, 500 查验) in their district,
 * oldest first: open a list to read its goods, then release it or refuse it with a note.
 */
export function HeldListsPage() {
  const { t, tx, lang } = useI18n();
  const { can } = useAuth();
  const [hold, setHold] = useState<'all' | Hold>('all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [conclusion, setConclusion] = useState<Conclusion>();
  const filters: HeldFilters = { ...(hold === 'all' ? {} : { hold }), ...paging };
  const query = useHeldLists(filters);
  const inspector = can('ecommerce.inspect');

  return (
    <Card
      title={t('menu.ecommerceHeld')}
      extra={
        <Space>
          <Segmented
            value={hold}
            options={HOLDS.map((h) => ({ value: h, label: t(`held.hold.${h}`) }))}
            onChange={(value) => {
              setHold(value);
              setPaging({ ...paging, page: 1 });
            }}
          />
          <Button onClick={() => void query.refetch()} loading={query.isFetching} data-testid="held-refresh">
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" title={t('held.hint')} />
        <ApiErrorAlert error={query.error} />
        <Table<HeldList>
          rowKey="preNo"
          size="middle"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          expandable={{ expandedRowRender: (list) => <HeldListDetail list={list} /> }}
          locale={emptyOnceAnswered(query, t('held.empty'))}
          pagination={serverPagination(t, paging, query.data?.total, setPaging)}
          columns={[
            {
              title: t('held.invtNo'),
              key: 'number',
              render: (_, l) => (
                <span data-testid="held-number" style={{ whiteSpace: 'nowrap' }}>
                  {l.invtNo ?? l.preNo}
                </span>
              ),
            },
            {
              title: t('held.merchant'),
              key: 'merchant',
              render: (_, l) => (
                <>
                  <div>{l.ebcName}</div>
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {l.ebcCode}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t('held.orderWaybill'),
              key: 'order',
              render: (_, l) => (
                <>
                  <div>{l.orderNo}</div>
                  <Typography.Text type="secondary">{l.logisticsNo}</Typography.Text>
                </>
              ),
            },
            {
              title: t('held.goods'),
              key: 'goods',
              render: (_, l) =>
                l.goods.length > 1
                  ? t('held.goodsMore', { name: l.goods[0]?.gname ?? '', n: l.goods.length })
                  : (l.goods[0]?.gname ?? '—'),
            },
            {
              title: t('held.taxPrice'),
              key: 'taxPrice',
              align: 'right',
              render: (_, l) => l.tax?.taxPrice ?? '—',
            },
            {
              title: t('held.holdColumn'),
              key: 'hold',
              render: (_, l) => (
                <Tag color={l.returnStatus === '500' ? 'red' : 'orange'} data-testid="held-status">
                  {tx('ceb.returnStatus', l.returnStatus)} {l.returnStatus}
                </Tag>
              ),
            },
            {
              title: t('held.reasons'),
              key: 'reasons',
              render: (_, l) =>
                l.reasons.map((r) => <div key={r.en}>{lang === 'en' ? r.en : r['zh-CN']}</div>),
            },
            { title: t('held.heldAt'), key: 'heldAt', render: (_, l) => when(l.heldAt) },
            {
              title: '',
              key: 'conclude',
              render: (_, l) => {
                const allowed = l.returnStatus !== '500' || inspector;
                const buttons = (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      disabled={!allowed}
                      onClick={() => setConclusion({ list: l, outcome: 'release' })}
                      data-testid="held-release"
                    >
                      {t('held.release')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      disabled={!allowed}
                      onClick={() => setConclusion({ list: l, outcome: 'refuse' })}
                      data-testid="held-refuse"
                    >
                      {t('held.refuse')}
                    </Button>
                  </Space>
                );
                return allowed ? buttons : <Tooltip title={t('held.inspectorsOnly')}>{buttons}</Tooltip>;
              },
            },
          ]}
        />
      </Space>
      <ConclusionModal conclusion={conclusion} onClose={() => setConclusion(undefined)} />
    </Card>
  );
}
