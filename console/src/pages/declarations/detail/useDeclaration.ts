import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../../api/client.ts';
import type { Attachment, ChangeRequest, Declaration, HistoryEntry } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/index.tsx';

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

/** Posts one lifecycle step; on success the declaration and its lists are read again. */
export function useStep(id: string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useI18n();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      api<Declaration>(`${base(id)}${path}`, { method: 'POST', body }),
    onSuccess: () => {
      void message.success(t('action.done'));
      void queryClient.invalidateQueries({ queryKey: ['declaration', id] });
      void queryClient.invalidateQueries({ queryKey: ['declarations'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}
