import { describe, expect, it } from 'vitest';
import { chinaDay, chinaMinute, chinaTime, startOfChinaDay } from './china-day.ts';

describe('the China day', () => {
  it.each([
    ['2026-12-31T15:59:59.999Z', '2026-12-31'], // 23:59:59.999 in China
    ['2026-12-31T16:00:00.000Z', '2027-01-01'], // midnight in China: the new year there
    ['2026-12-31T17:00:00.000Z', '2027-01-01'], // 01:00 in China, still the 31st in UTC
    ['2027-01-01T07:59:59.000Z', '2027-01-01'],
    ['2028-02-28T16:00:00.000Z', '2028-02-29'], // a leap day
    ['2026-12-31T09:00:00-08:00', '2027-01-01'], // any offset: 17:00 UTC
    ['1969-12-31T15:59:59.999Z', '1969-12-31'], // before 1970: a negative time
    ['1969-12-31T16:00:00.000Z', '1970-01-01'],
    ['1900-01-01T00:00:00.000Z', '1900-01-01'],
  ])('%s falls on %s', (at, day) => {
    expect(chinaDay(at)).toBe(day);
    expect(chinaDay(new Date(at))).toBe(day);
  });

  it.each([
    ['2026-12-31T15:59:59.999Z', '2026-12-30T16:00:00.000Z'],
    ['2026-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026-12-31T17:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2027-01-01T15:59:59.999Z', '2026-12-31T16:00:00.000Z'],
    ['1969-12-31T15:59:59.999Z', '1969-12-30T16:00:00.000Z'],
    ['1969-12-31T16:00:00.000Z', '1969-12-31T16:00:00.000Z'],
    ['1969-12-31T23:00:00.000Z', '1969-12-31T16:00:00.000Z'],
    ['1900-01-01T00:00:00.000Z', '1899-12-31T16:00:00.000Z'],
  ])('the China day of %s began at %s', (at, start) => {
    expect(startOfChinaDay(at).toISOString()).toBe(start);
    expect(chinaDay(startOfChinaDay(at))).toBe(chinaDay(at));
  });

  it('refuses a text that is no time', () => {
    expect(() => chinaDay('not a time')).toThrow(RangeError);
    expect(() => startOfChinaDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('reads and makes minutes on the China clock', () => {
    expect(chinaMinute('2026-12-31T16:05:00Z')).toBe('00:05');
    expect(chinaTime('2027-01-01', '00:05').toISOString()).toBe('2026-12-31T16:05:00.000Z');
    expect(chinaTime('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
