import { chinaClock } from '../../components/china-time.ts';

export interface MinutePoint {
  /** The minute in China Standard Time, HH:MM. */
  label: string;
  count: number;
}

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
      label: chinaClock(at),
      count: perMinute[at.toISOString().slice(0, 16)] ?? 0,
    };
  });
}

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
