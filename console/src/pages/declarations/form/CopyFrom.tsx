import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api } from '../../../api/client.ts';
import type { Declaration, Page } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { goodsSummary } from '../useDeclarations.ts';
import { type FormValues, toFormValues } from './usePrefill.ts';

/** Starts a new declaration from one of the caller's recent ones (same trader, same goods). */
export function CopyFrom({ onCopy }: { onCopy: (values: FormValues) => void }) {
  const { t } = useI18n();
  const recent = useQuery({
    queryKey: ['declarations', 'recent'],
    queryFn: () => api<Page<Declaration>>('/api/v1/declarations', { query: { pageSize: 50 } }),
  });
  const items = recent.data?.items ?? [];
  return (
    <Select
      placeholder={t('form.copyFrom')}
      title={t('form.copyHint')}
      style={{ width: 320 }}
      loading={recent.isPending}
      showSearch
      optionFilterProp="label"
      options={items.map((d) => ({ value: d.id, label: `${d.preEntryNo} · ${goodsSummary(d)}` }))}
      onChange={(value: string) => {
        const found = items.find((d) => d.id === value);
        if (found) onCopy(toFormValues(found.content));
      }}
    />
  );
}
