import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../api/client.ts';
import type { HeldList, Page } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';

export type Hold = 'review' | 'inspection';

export interface HeldFilters {
  hold?: Hold;
  page: number;
  pageSize: number;
}

/** The held lists of the officer's district, oldest first, read again every 15 s. */
export function useHeldLists(filters: HeldFilters) {
  return useQuery({
    queryKey: ['ecommerce', 'held', filters],
    queryFn: () => api<Page<HeldList>>('/api/v1/ecommerce/held-lists', { query: { ...filters } }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

export interface Conclusion {
  list: HeldList;
  outcome: 'release' | 'refuse';
}

/** An officer's conclusion on a held list; the queue and the monitor's figures are read again. */
export function useConclusion() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useI18n();
  return useMutation({
    mutationFn: ({ list, outcome, note }: Conclusion & { note?: string }) =>
      api<{ status: string; returnStatus: string }>(
        `/api/v1/ecommerce/lists/${encodeURIComponent(list.invtNo ?? list.preNo)}/conclusion`,
        { method: 'POST', body: { outcome, ...(note ? { note } : {}) } },
      ),
    onSuccess: () => {
      void message.success(t('action.done'));
      void queryClient.invalidateQueries({ queryKey: ['ecommerce'] });
    },
  });
}
