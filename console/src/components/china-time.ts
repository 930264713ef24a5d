/**
 * The customs' clock: China Standard Time (UTC+8, no daylight saving since 1991). The server keeps its
 * days, windows and due dates on it (a list's day, the 45th day to pay), so the console shows every time
 * on it too, whatever the zone of the browser it runs in: an officer abroad reads the same release time
 * and the same "today" as one in Shanghai.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant's wall clock in China, as a Date whose UTC fields read it. */
const chinaWall = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS);

/** `YYYY-MM-DD HH:mm:ss` in China; '—' for none or a text that is no time. */
export function chinaDateTime(iso: string | null | undefined): string {
  const at = iso ? new Date(iso) : undefined;
  if (!at || Number.isNaN(at.getTime())) return '—';
  const d = chinaWall(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${chinaClock(at, true)}`;
}

/** `HH:mm` (or `HH:mm:ss`) in China. */
export function chinaClock(at: Date, seconds = false): string {
  if (Number.isNaN(at.getTime())) return '—';
  const d = chinaWall(at);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${hm}:${pad(d.getUTCSeconds())}` : hm;
}

/** The instant the China day holding `now` began (00:00 UTC+8), as ISO 8601. */
export function startOfChinaDay(now: Date): string {
  const wall = chinaWall(now).getTime();
  // Floored, so that an instant before 1970 (a negative time) still falls in its own day.
  return new Date(Math.floor(wall / 86_400_000) * 86_400_000 - CHINA_OFFSET_MS).toISOString();
}

/** The first and the last millisecond of a calendar day (`YYYY-MM-DD`) in China, as ISO 8601 instants. */
export function chinaDayBounds(day: string): { from: string; to: string } {
  const from = new Date(`${day}T00:00:00.000+08:00`);
  return { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000 - 1).toISOString() };
}
