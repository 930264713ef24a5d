import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Declaration, Page } from '../../api/types.ts';

export interface DeclarationFilters {
  status?: string;
  channel?: string;
  ieFlag?: string;
  q?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** One page of declarations the caller may see, filtered and paged by the server. */
export function useDeclarationPage(filters: DeclarationFilters, refetchInterval?: number) {
  return useQuery({
    queryKey: ['declarations', filters],
    queryFn: () => api<Page<Declaration>>('/api/v1/declarations', { query: { ...filters } }),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** The goods of a declaration in one line (first item's name, and how many more). */
export function goodsSummary(declaration: Declaration): string {
  const [first, ...rest] = declaration.content.items;
  if (!first) return '—';
  return rest.length > 0
    ? `${first.name ?? first.hsCode} +${rest.length}`
    : (first.name ?? first.hsCode ?? '—');
}
