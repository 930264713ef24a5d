import { createPlatform, type Platform, type PlatformOptions } from '../../src/main.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestPlatform extends Platform {
  database: TestDatabase;
  /** Closes everything and drops the database. */
  close(): Promise<void>;
}

/** A whole platform on a fresh database, migrated, not listening (use `app.inject`). */
export async function createTestPlatform(
  env: Record<string, string> = {},
  options: PlatformOptions & { migrate?: boolean } = {},
): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...env });
  const platform = await createPlatform(config, options);
  if (options.migrate !== false) await platform.migrator.migrate();
  return {
    ...platform,
    database,
    async close() {
      await platform.app.close();
      await platform.dispatcher.stop();
      await platform.db.close();
      await database.drop();
    },
  };
}
