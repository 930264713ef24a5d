import { afterEach, describe, expect, it } from 'vitest';
import {
  chinaClock,
  chinaDateTime,
  chinaDayBounds,
  startOfChinaDay,
} from '../../console/src/components/china-time.ts';
import { minuteSeries } from '../../console/src/pages/ecommerce/minutesChart.ts';

// The console shows times on the customs' clock (UTC+8) whatever the browser's zone: each case runs in
// zones either side of China's, so a formatter that read the local clock would fail in at least one.
const ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati'];
const original = process.env.TZ;

describe.each(ZONES)('console times in China Standard Time, with the browser in %s', (zone) => {
  afterEach(() => {
    process.env.TZ = original;
  });

  it('writes an instant as China wall-clock time, across the UTC date line of the day', () => {
    process.env.TZ = zone;
    expect(chinaDateTime('2026-11-27T16:30:05Z')).toBe('2026-11-28 00:30:05');
    expect(chinaDateTime('2026-11-28T15:59:59.999Z')).toBe('2026-11-28 23:59:59');
    expect(chinaDateTime('2026-12-31T16:00:00+00:00')).toBe('2027-01-01 00:00:00');
    expect(chinaClock(new Date('2026-11-27T16:05:00Z'))).toBe('00:05');
    expect(chinaClock(new Date('2026-11-27T16:05:09Z'), true)).toBe('00:05:09');
  });

  it('says a dash for no time and for a text that is no time', () => {
    process.env.TZ = zone;
    expect(chinaDateTime(null)).toBe('—');
    expect(chinaDateTime(undefined)).toBe('—');
    expect(chinaDateTime('')).toBe('—');
    expect(chinaDateTime('not a time')).toBe('—');
    expect(chinaClock(new Date(Number.NaN))).toBe('—');
  });

  it("starts today at China's midnight, and a picked day runs from that midnight to the next", () => {
    process.env.TZ = zone;
    // 00:30 on the 28th in China is still the 27th in UTC and in New York.
    expect(startOfChinaDay(new Date('2026-11-27T16:30:00Z'))).toBe('2026-11-27T16:00:00.000Z');
    // One millisecond before China's midnight belongs to the day before.
    expect(startOfChinaDay(new Date('2026-11-27T15:59:59.999Z'))).toBe('2026-11-26T16:00:00.000Z');
    expect(startOfChinaDay(new Date('2026-11-27T16:00:00.000Z'))).toBe('2026-11-27T16:00:00.000Z');
    // Before 1970 too: 18:00 on 31 December 1969 in China began at its midnight, not the next.
    expect(startOfChinaDay(new Date('1969-12-31T10:00:00Z'))).toBe('1969-12-30T16:00:00.000Z');
    expect(chinaDayBounds('2026-11-28')).toEqual({
      from: '2026-11-27T16:00:00.000Z',
      to: '2026-11-28T15:59:59.999Z',
    });
  });

  it("labels the monitor's minutes in China time, keyed by the server's UTC minutes", () => {
    process.env.TZ = zone;
    const series = minuteSeries({ '2026-11-27T16:04': 7 }, new Date('2026-11-27T16:05:30Z'), 3);
    expect(series).toEqual([
      { label: '00:03', count: 0 },
      { label: '00:04', count: 7 },
      { label: '00:05', count: 0 },
    ]);
  });
});
