import { App, Button, Card, Descriptions, Result, Space, Spin, Tabs } from 'antd';
import { useParams } from 'react-router-dom';
import { download } from '../../../api/client.ts';
import { ApiErrorAlert, errorText } from '../../../components/ApiErrorAlert.tsx';
import { ChannelTag, StatusTag, when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { ActionBar } from './ActionBar.tsx';
import { AttachmentsPanel } from './AttachmentsPanel.tsx';
import { HeadPanel, ItemsPanel } from './ContentPanels.tsx';
import { DutyPanel } from './DutyPanel.tsx';
import { HistoryPanel, ReceiptPanel, RequestsPanel } from './HistoryPanel.tsx';
import { InspectionPanel } from './InspectionPanel.tsx';
import { PendingRequest } from './PendingRequest.tsx';
import { RiskPanel } from './RiskPanel.tsx';
import { useDeclaration } from './useDeclaration.ts';

/** One declaration: its state, the actions allowed now, and everything about it in tabs. */
export function DeclarationDetailPage() {
  const { id = '' } = useParams();
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const query = useDeclaration(id);

  if (query.isPending) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  if (query.error) {
    return <Result status="warning" title={<ApiErrorAlert error={query.error} />} />;
  }
  const declaration = query.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`${t('decl.preEntryNo')} ${declaration.preEntryNo}`}
        extra={
          <Button
            onClick={() =>
              download(`/api/v1/declarations/${id}/xml`, `${declaration.preEntryNo}.xml`).catch((caught) =>
                message.error(errorText(caught)),
              )
            }
          >
            {t('detail.xml')}
          </Button>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'status', label: t('decl.status'), children: <StatusTag status={declaration.status} /> },
            {
              key: 'channel',
              label: t('decl.channel'),
              children: <ChannelTag channel={declaration.channel} />,
            },
            { key: 'entryId', label: t('decl.entryId'), children: declaration.entryId ?? '—' },
            { key: 'enterprise', label: t('decl.enterprise'), children: declaration.enterpriseCode },
            { key: 'district', label: t('decl.district'), children: declaration.district },
            { key: 'ie', label: t('decl.ieFlag'), children: tx('ie', declaration.ieFlag) },
            { key: 'declared', label: t('decl.declaredAt'), children: when(declaration.declaredAt) },
            { key: 'released', label: t('decl.releasedAt'), children: when(declaration.releasedAt) },
            { key: 'updated', label: t('decl.updatedAt'), children: when(declaration.updatedAt) },
          ]}
        />
        <div style={{ marginTop: 16 }}>
          <ActionBar declaration={declaration} />
        </div>
      </Card>
      <PendingRequest declaration={declaration} />
      {declaration.releasedAt && <ReceiptPanel declaration={declaration} />}
      <Card>
        <Tabs
          items={[
            { key: 'head', label: t('detail.head'), children: <HeadPanel content={declaration.content} /> },
            {
              key: 'items',
              label: t('detail.items'),
              children: <ItemsPanel content={declaration.content} />,
            },
            { key: 'risk', label: t('detail.risk'), children: <RiskPanel declaration={declaration} /> },
            ...(declaration.inspection
              ? [
                  {
                    key: 'inspection',
                    label: t('detail.inspection'),
                    children: <InspectionPanel inspection={declaration.inspection} />,
                  },
                ]
              : []),
            { key: 'duty', label: t('detail.duty'), children: <DutyPanel declaration={declaration} /> },
            {
              key: 'attachments',
              label: t('detail.attachments'),
              children: <AttachmentsPanel declarationId={id} />,
            },
            { key: 'history', label: t('detail.history'), children: <HistoryPanel declarationId={id} /> },
            {
              key: 'requests',
              label: t('detail.requests'),
              children: <RequestsPanel declaration={declaration} />,
            },
            {
              key: 'receipts',
              label: t('detail.receipts'),
              children: <ReceiptPanel declaration={declaration} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
