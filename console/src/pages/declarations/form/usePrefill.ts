import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { Declaration, DeclarationContent, Fields } from '../../../api/types.ts';
import { useAuth } from '../../../auth/auth.tsx';
import { HEAD_DEFAULTS, ITEM_DEFAULTS } from './fields.ts';

interface Enterprise {
  code: string;
  uscc: string;
  nameZh: string;
  district: string;
}

export interface FormValues {
  head: Fields;
  items: Fields[];
}

/** Form values from a stored declaration (strings only; empty values dropped). */
export function toFormValues(content: DeclarationContent): FormValues {
  return { head: { ...content.head }, items: content.items.map((item) => ({ ...item })) };
}

/** The API's content from the form: blanks removed, items numbered in order. */
export function toContent(values: FormValues, previous?: DeclarationContent): DeclarationContent {
  const clean = (fields: Fields | undefined) =>
    Object.fromEntries(
      Object.entries(fields ?? {})
        .map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value] as const)
        .filter(([, value]) => value !== undefined && value !== null && value !== ''),
    ) as Fields;
  return {
    head: clean(values.head),
    items: (values.items ?? []).map((item, index) => ({ ...clean(item), itemNo: String(index + 1) })),
    containers: previous?.containers ?? [],
    licences: previous?.licences ?? [],
  };
}

/**
 * What a new declaration starts from: the declarant's own enterprise (codes, names, USCC,
 * customs) and the usual defaults; editing starts from the stored draft.
 */
export function usePrefill(id: string | undefined) {
  const { principal } = useAuth();
  const code = principal?.enterpriseCode;
  const existing = useQuery({
    queryKey: ['declaration', id],
    queryFn: () => api<Declaration>(`/api/v1/declarations/${id}`),
    enabled: id !== undefined,
  });
  const enterprise = useQuery({
    queryKey: ['enterprise', code],
    queryFn: () => api<Enterprise>(`/api/v1/credit/enterprises/${code}`),
    enabled: id === undefined && code !== undefined,
    retry: false,
  });
  if (id !== undefined) {
    return {
      loading: existing.isPending,
      error: existing.error,
      declaration: existing.data,
      values: existing.data ? toFormValues(existing.data.content) : undefined,
    };
  }
  const e = enterprise.data;
  const head: Fields = { ...HEAD_DEFAULTS };
  if (code) Object.assign(head, { agentCode: code, tradeCode: code, copCode: code.slice(0, 9) });
  if (e) {
    Object.assign(head, {
      agentName: e.nameZh,
      tradeName: e.nameZh,
      ownerName: e.nameZh,
      copName: e.nameZh,
      tradeCoScc: e.uscc,
      agentCodeScc: e.uscc,
      ownerCodeScc: e.uscc,
      customsMaster: e.district,
    });
  }
  if (principal?.username) head.inputerName = principal.username;
  return {
    loading: code !== undefined && enterprise.isPending,
    error: undefined,
    declaration: undefined,
    values: { head, items: [{ ...ITEM_DEFAULTS }] } satisfies FormValues,
  };
}
