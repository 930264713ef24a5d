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

export interface MinutePoint {
  /** Local time of the minute, HH:MM. */
  label: string;
  count: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Every minute of the last `minutes` up to now (or up to the server's latest minute, should its clock
 * run ahead), with zero where no list was decided, so the line shows quiet minutes as quiet.
 */
export function minuteSeries(perMinute: Record<string, number>, now: Date, minutes = 60): MinutePoint[] {
  const latest = Object.keys(perMinute)
    .map((key) => Date.parse(`${key}:00Z`))
    .filter((t) => !Number.isNaN(t));
  const end = Math.max(Math.floor(now.getTime() / 60_000) * 60_000, ...latest);
  return Array.from({ length: minutes }, (_, i) => {
    const at = new Date(end - (minutes - 1 - i) * 60_000);
    return {
      label: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
      count: perMinute[at.toISOString().slice(0, 16)] ?? 0,
    };
  });
}

/** The lists received on the day shown (0: none yet today in the caller's district). */
export function totalLists(data: EcommerceMonitoring | undefined): number {
  return Object.values(data?.listsByStatus ?? {}).reduce((sum, n) => sum + n, 0);
}
