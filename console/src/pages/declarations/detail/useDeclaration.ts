import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../../api/client.ts';
import type { Attachment, ChangeRequest, Declaration, HistoryEntry } from '../../../api/types.ts';
import { type MessageKey, useI18n } from '../../../i18n/index.tsx';

const base = (id: string) => `/api/v1/declarations/${id}`;

export function useDeclaration(id: string) {
  return useQuery({ queryKey: ['declaration', id], queryFn: () => api<Declaration>(base(id)) });
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: ['declaration', id, 'history'],
    queryFn: () => api<HistoryEntry[]>(`${base(id)}/history`),
  });
}

export function useAttachments(id: string) {
  return useQuery({
    queryKey: ['declaration', id, 'attachments'],
    queryFn: () => api<Attachment[]>(`${base(id)}/attachments`),
  });
}

export function useRequests(id: string) {
  return useQuery({
    queryKey: ['declaration', id, 'requests'],
    queryFn: () => api<ChangeRequest[]>(`${base(id)}/requests`),
  });
}

/**
 * Posts one lifecycle step; on success it says so (`done`, or that the step was taken) and the
 * declaration and its lists are read again.
 */
export function useStep(id: string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useI18n();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown; done?: MessageKey }) =>
      api<Declaration>(`${base(id)}${path}`, { method: 'POST', body }),
    onSuccess: (_, { done }) => {
      void message.success(t(done ?? 'action.done'));
      void queryClient.invalidateQueries({ queryKey: ['declaration', id] });
      void queryClient.invalidateQueries({ queryKey: ['declarations'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}
