import type { MinutePoint } from './useMonitoring.ts';

/** The lists-per-minute line shared by the monitor and the dashboard (they differ only in margins). */
export function minutesChartOption(
  minutes: MinutePoint[],
  seriesName: string,
  grid: { left: number; right: number; top: number; bottom: number },
) {
  return {
    tooltip: { trigger: 'axis' as const },
    grid,
    xAxis: { type: 'category' as const, data: minutes.map((p) => p.label), boundaryGap: false },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      {
        name: seriesName,
        type: 'line' as const,
        data: minutes.map((p) => p.count),
        areaStyle: { opacity: 0.15 },
        itemStyle: { color: '#1d4f91' },
        showSymbol: false,
      },
    ],
  };
}
