import type { Platform } from '../main.ts';

/** Loads the demo data, idempotently: running it twice changes nothing the second time. */
export async function seedDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  log(`demo data: nothing to seed yet on ${platform.db.engine}`);
}
