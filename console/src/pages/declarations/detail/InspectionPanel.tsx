import { Alert, Descriptions, Tag } from 'antd';
import type { Declaration } from '../../../api/types.ts';
import { when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';

/** The inspection a red channel ordered: when, and once recorded, by whom, the result and what was found. */
export function InspectionPanel({ inspection }: { inspection: NonNullable<Declaration['inspection']> }) {
  const { t } = useI18n();
  const found = inspection.result === 'findings';
  return (
    <>
      {!inspection.result && (
        <Alert type="warning" showIcon message={t('inspection.pending')} style={{ marginBottom: 12 }} />
      )}
      <Descriptions
        column={2}
        size="small"
        bordered
        items={[
          { key: 'ordered', label: t('inspection.orderedAt'), children: when(inspection.orderedAt) },
          { key: 'at', label: t('inspection.at'), children: when(inspection.at) },
          {
            key: 'result',
            label: t('action.result'),
            children: inspection.result ? (
              <Tag color={found ? 'red' : 'green'} data-testid="inspection-result">
                {t(found ? 'action.result.findings' : 'action.result.no_findings')}
              </Tag>
            ) : (
              '—'
            ),
          },
          { key: 'inspector', label: t('inspection.inspector'), children: inspection.inspector ?? '—' },
          {
            key: 'findings',
            label: t('action.findings'),
            span: 2,
            children: <span data-testid="inspection-findings">{inspection.findings || '—'}</span>,
          },
        ]}
      />
    </>
  );
}
