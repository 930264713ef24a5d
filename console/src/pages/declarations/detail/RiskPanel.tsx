import { Empty, List, Tag } from 'antd';
import type { Channel, Declaration } from '../../../api/types.ts';
import { ChannelTag } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';

/** The channel and the reasons the risk rules gave, in the chosen language. */
export function RiskPanel({ declaration }: { declaration: Declaration }) {
  const { t, lang } = useI18n();
  const risk = declaration.risk;
  if (!risk) return <Empty description={t('detail.noRisk')} />;
  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <ChannelTag channel={risk.channel as Channel} />
        {risk.sampled && <Tag color="magenta">{t('detail.sampled')}</Tag>}
      </div>
      <List
        size="small"
        bordered
        dataSource={risk.reasons}
        locale={{ emptyText: t('common.none') }}
        renderItem={(reason) => (
          <List.Item data-testid="risk-reason">
            <ChannelTag channel={reason.channel as Channel} /> {reason.text[lang] ?? reason.text.en}{' '}
            <Tag>{reason.ruleId}</Tag>
          </List.Item>
        )}
      />
    </>
  );
}
