import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { EcommerceMonitoring } from '../../api/types.ts';

export const MONITOR_REFRESH_MS = 5_000;

/** The e-commerce figures, read again every 5 s (shared by the monitor page and the dashboard). */
export function useEcommerceMonitoring(enabled = true) {
  return useQuery({
    queryKey: ['ecommerce', 'monitoring'],
    queryFn: () => api<EcommerceMonitoring>('/api/v1/ecommerce/monitoring'),
    refetchInterval: MONITOR_REFRESH_MS,
    enabled,
  });
}

/** The lists received on the day shown (0: none yet today in the caller's district). */
export function totalLists(data: EcommerceMonitoring | undefined): number {
  return Object.values(data?.listsByStatus ?? {}).reduce((sum, n) => sum + n, 0);
}
