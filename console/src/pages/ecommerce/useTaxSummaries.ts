import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Page, SummarisedBill, TaxSummary } from '../../api/types.ts';

export interface SummaryFilters {
  /** A month, YYYY-MM; every month when absent. */
  period?: string;
  page: number;
  pageSize: number;
}

/** The guarantors' monthly tax summaries the caller may see, newest month first. */
export function useTaxSummaries(filters: SummaryFilters) {
  return useQuery({
    queryKey: ['ecommerce', 'tax-summaries', filters],
    queryFn: () => api<Page<TaxSummary>>('/api/v1/ecommerce/tax-summaries', { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}

/** The bills added up in one summary, in the order their lists were released. */
export function useSummarisedBills(summary: TaxSummary, paging: { page: number; pageSize: number }) {
  const path = [summary.assureCode, summary.customsCode, summary.period].map(encodeURIComponent).join('/');
  return useQuery({
    queryKey: ['ecommerce', 'tax-summary-bills', path, paging],
    queryFn: () =>
      api<Page<SummarisedBill> & { summary: TaxSummary }>(`/api/v1/ecommerce/tax-summaries/${path}/bills`, {
        query: { ...paging },
      }),
    placeholderData: keepPreviousData,
  });
}
