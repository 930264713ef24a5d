import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../api/client.ts';
import type { ChangeRequest, Declaration, Page, QueuedChangeRequest } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';

export interface RequestFilters {
  status?: ChangeRequest['status'];
  page: number;
  pageSize: number;
}

/** Requests on the declarations the caller may see (the reviewers' queue with status pending). */
export function useRequestQueue(filters: RequestFilters) {
  return useQuery({
    queryKey: ['requests', filters],
    queryFn: () => api<Page<QueuedChangeRequest>>('/api/v1/declarations/requests', { query: { ...filters } }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

/** The reviewer's decision on one request; the declaration, its lists and the queue are read again. */
export function useDecision() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useI18n();
  return useMutation({
    mutationFn: ({
      request,
      approve,
      reason,
    }: {
      request: ChangeRequest;
      approve: boolean;
      reason: string;
    }) =>
      api<Declaration>(`/api/v1/declarations/${request.declarationId}/requests/${request.id}/decision`, {
        method: 'POST',
        body: { approve, reason },
      }),
    onSuccess: (_, { request }) => {
      void message.success(t('action.done'));
      void queryClient.invalidateQueries({ queryKey: ['declaration', request.declarationId] });
      void queryClient.invalidateQueries({ queryKey: ['declarations'] });
      void queryClient.invalidateQueries({ queryKey: ['requests'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}
