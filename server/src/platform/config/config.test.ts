import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('fills every variable from its default', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toMatch(/data\/jinguan\.db$/);
    expect(config.sqliteSynchronous).toBe('FULL');
    expect(config.jwtSecret).toBeUndefined();
    expect(config.cebSignatureVerify).toBe(false);
    expect(config.cebReadThreads).toBe(Math.min(4, Math.max(0, availableParallelism() - 1)));
    expect(loadConfig({ CEB_READ_THREADS: '0' }).cebReadThreads).toBe(0);
    expect(config.cebIncompleteAfterHours).toBe(24);
    expect(loadConfig({ CEB_INCOMPLETE_AFTER_HOURS: '2' }).cebIncompleteAfterHours).toBe(2);
    expect(config.webhookAllowPrivate).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'ON' }).webhookAllowPrivate).toBe(true);
  });

  it.each([
    ['PORT', 'abc', 'an integer from 0 to 65535'],
    ['PORT', '70000', 'an integer from 0 to 65535'],
    ['LOG_LEVEL', 'loud', 'one of fatal'],
    ['DATABASE_URL', 'mysql://x/y', 'a file path, a sqlite: URL or a postgres:// URL'],
    ['SQLITE_SYNCHRONOUS', 'OFF', 'FULL or NORMAL'],
    ['JWT_SECRET', 'short', 'at least 32 characters'],
    ['BODY_LIMIT_BYTES', '12', 'an integer from 1024'],
    ['CEB_SIGNATURE_VERIFY', 'yes', 'on or off'],
    ['CEB_READ_THREADS', '17', 'an integer from 0 to 16'],
    ['CEB_READ_THREADS', 'two', 'an integer from 0 to 16'],
    ['CEB_INCOMPLETE_AFTER_HOURS', '0', 'an integer from 1 to 720'],
    ['WEBHOOK_ALLOW_PRIVATE', 'true', 'on or off'],
  ])('refuses %s=%s with one line naming the variable', (name, value, accepts) => {
    let thrown: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toContain(name);
    expect(message).toContain(accepts);
    expect(message).toContain(JSON.stringify(value));
    expect(message).not.toContain('\n');
  });

  it('accepts PostgreSQL URLs and case-insensitive enums', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@h/db',
      LOG_LEVEL: 'WARN',
      SQLITE_SYNCHRONOUS: 'normal',
    });
    expect(config.databaseUrl).toBe('postgres://u:p@h/db');
    expect(config.logLevel).toBe('warn');
    expect(config.sqliteSynchronous).toBe('NORMAL');
  });

  it('masks secrets when describing the configuration', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://admin:hunter2@db:5432/jg',
      JWT_SECRET: 'x'.repeat(40),
    });
    const shown = Object.fromEntries(describeConfig(config).map((v) => [v.name, v.value]));
    expect(shown.DATABASE_URL).toBe('postgres://admin:****@db:5432/jg');
    expect(shown.JWT_SECRET).toBe('****');
    expect(JSON.stringify(shown)).not.toContain('hunter2');
  });
});
