// The customs day is the China day (docs/adr/0020): duty is assessed on the rates in force on the day
// of declaration (申报之日, 《进出口关税条例》), and that day is read on China Standard Time (UTC+8,
// no daylight saving since 1991), wherever the server's clock or zone is.
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instant's wall clock in China, as a Date whose UTC fields read it; a RangeError for no time. */
function chinaWall(at: Date | string): Date {
  const time = new Date(at).getTime();
  if (Number.isNaN(time)) throw new RangeError(`not a time: ${String(at)}`);
  return new Date(time + CHINA_OFFSET_MS);
}

/** The day in China (`YYYY-MM-DD`) of an instant (a Date or an ISO 8601 text). */
export function chinaDay(at: Date | string): string {
  return chinaWall(at).toISOString().slice(0, 10);
}

/** The instant 00:00 China time began the China day of `at`. */
export function startOfChinaDay(at: Date | string): Date {
  // Floored, so that an instant before 1970 (a negative time) still falls in its own day.
  return new Date(Math.floor(chinaWall(at).getTime() / DAY_MS) * DAY_MS - CHINA_OFFSET_MS);
}

/** The minute in China (`HH:MM`) of an instant. */
export function chinaMinute(at: Date | string): string {
  return chinaWall(at).toISOString().slice(11, 16);
}

/** The instant a day and minute in China (`YYYY-MM-DD`, `HH:MM`, default midnight) begins. */
export function chinaTime(day: string, minute = '00:00'): Date {
  return new Date(Date.parse(`${day}T${minute}:00.000Z`) - CHINA_OFFSET_MS);
}
