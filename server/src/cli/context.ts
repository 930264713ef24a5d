import { createPlatform, type Platform } from '../main.ts';
import { loadConfig } from '../platform/config/index.ts';
import type { OperatorPrincipal } from '../platform/identity/index.ts';

/** The operator at the server's console: full rights, audited under their login name. */
export function operator(): OperatorPrincipal {
  return {
    kind: 'operator',
    name: process.env.SUDO_USER ?? process.env.USER ?? 'cli',
    origin: { ip: 'cli', requestId: 'cli' },
  };
}

/** Runs a CLI command against a migrated platform (no HTTP listener) and closes it afterwards. */
export async function withPlatform<T>(fn: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await createPlatform(loadConfig({ LOG_LEVEL: 'warn', ...process.env }));
  try {
    await platform.migrator.migrate();
    return await fn(platform);
  } finally {
    await platform.db.close();
  }
}
