import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

// Defaults are anchored at the repository root, whichever folder the server is started from.
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The platform's configuration: environment variables, each validated at start.
 * A bad value stops the start with one line naming the variable and what it accepts.
 */

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  /** A file path or `sqlite:` URL for the embedded database, or a `postgres://` URL. */
  databaseUrl: string;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  shutdownTimeoutMs: number;
  outboxPollMs: number;
  /** Secret for signing access tokens; generated and kept in the database when absent. */
  jwtSecret: string | undefined;
  /** Built console assets served at `/`; absent means no console. */
  consoleDir: string;
  /** Where paperless attachments (电子随附单据) are stored. */
  fileDir: string;
  attachmentMaxBytes: number;
  /** Verify the XMLDSig (or JSON) signature of CEB messages; off keeps signatures unverified. */
  cebSignatureVerify: boolean;
  /** PEM bundle of the certificates a CEB signer's certificate must be, or be issued by. */
  cebSignatureTrustFile: string | undefined;
  /** CRLs (PEM or DER) of the CAs that issue CEB signing certificates: a revoked signer is refused. */
  cebSignatureCrlFile: string | undefined;
  /** Worker threads that parse and read CEB XML messages off the request thread (0: on it). */
  cebReadThreads: number;
  /** Hours an inventory list may wait for its order, payment and waybill before it is refused (100). */
  cebIncompleteAfterHours: number;
  /** Webhooks may point at loopback, private and link-local addresses (an intranet's receivers). */
  webhookAllowPrivate: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    accepts: string,
    got: string,
  ) {
    super(`Invalid configuration: ${variable} must be ${accepts} (got ${JSON.stringify(got)})`);
    this.name = 'ConfigError';
  }
}

interface Variable<K extends keyof Config> {
  key: K;
  name: string;
  description: string;
  accepts: string;
  /** How `jinguan config` shows a secret value. */
  mask?: (value: string) => string;
  fallback: string | undefined;
  parse(raw: string): Config[K] | undefined;
}

function integer(min: number, max: number) {
  return (raw: string) => {
    if (!/^\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= min && value <= max ? value : undefined;
  };
}

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string) => values.find((v) => v.toLowerCase() === raw.toLowerCase());
}

function onOff(raw: string): boolean | undefined {
  return /^on$/i.test(raw) ? true : /^off$/i.test(raw) ? false : undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable the platform reads, in the order the README documents them. */
export const VARIABLES = [
  {
    key: 'port',
    name: 'PORT',
    description: 'HTTP port',
    accepts: 'an integer from 0 to 65535 (0: any free port)',
    fallback: '8080',
    parse: integer(0, 65535),
  } satisfies Variable<'port'>,
  {
    key: 'host',
    name: 'HOST',
    description: 'address to listen on',
    accepts: 'a host name or IP address',
    fallback: '0.0.0.0',
    parse: (raw: string) => (/^[\w.:-]+$/.test(raw) ? raw : undefined),
  } satisfies Variable<'host'>,
  {
    key: 'databaseUrl',
    name: 'DATABASE_URL',
    description: 'embedded database file (or sqlite: URL), or a postgres:// URL',
    accepts: 'a file path, a sqlite: URL or a postgres:// URL',
    mask: (value: string) => value.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]+@/, '$1****@'),
    fallback: `${REPO_ROOT}data/jinguan.db`,
    parse: (raw: string) => {
      if (/^postgres(ql)?:\/\/.+/.test(raw)) return raw;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return undefined;
      return raw.trim() === '' ? undefined : raw;
    },
  } satisfies Variable<'databaseUrl'>,
  {
    key: 'logLevel',
    name: 'LOG_LEVEL',
    description: 'log level',
    accepts: `one of ${LOG_LEVELS.join(', ')}`,
    fallback: 'info',
    parse: oneOf(LOG_LEVELS),
  } satisfies Variable<'logLevel'>,
  {
    key: 'bodyLimitBytes',
    name: 'BODY_LIMIT_BYTES',
    description: 'largest accepted request body',
    accepts: 'an integer from 1024 to 1073741824',
    fallback: String(10 * 1024 * 1024),
    parse: integer(1024, 1024 ** 3),
  } satisfies Variable<'bodyLimitBytes'>,
  {
    key: 'sqliteSynchronous',
    name: 'SQLITE_SYNCHRONOUS',
    description: 'SQLite durability: FULL survives power loss, NORMAL only process crashes',
    accepts: 'FULL or NORMAL',
    fallback: 'FULL',
    parse: (raw: string) => oneOf(['FULL', 'NORMAL'] as const)(raw.toUpperCase()),
  } satisfies Variable<'sqliteSynchronous'>,
  {
    key: 'shutdownTimeoutMs',
    name: 'SHUTDOWN_TIMEOUT_MS',
    description: 'how long a graceful shutdown waits for in-flight work',
    accepts: 'an integer from 0 to 600000',
    fallback: '10000',
    parse: integer(0, 600_000),
  } satisfies Variable<'shutdownTimeoutMs'>,
  {
    key: 'outboxPollMs',
    name: 'OUTBOX_POLL_MS',
    description: 'how often the event dispatcher looks for new events',
    accepts: 'an integer from 10 to 60000',
    fallback: '250',
    parse: integer(10, 60_000),
  } satisfies Variable<'outboxPollMs'>,
  {
    key: 'jwtSecret',
    name: 'JWT_SECRET',
    description: 'access-token signing secret (generated and stored in the database when unset)',
    accepts: 'at least 32 characters',
    mask: () => '****',
    fallback: undefined,
    parse: (raw: string) => (raw.length >= 32 ? raw : undefined),
  } satisfies Variable<'jwtSecret'>,
  {
    key: 'consoleDir',
    name: 'CONSOLE_DIR',
    description: 'built web console served at /',
    accepts: 'a directory path',
    fallback: `${REPO_ROOT}console/dist`,
    parse: (raw: string) => (raw.trim() === '' ? undefined : raw),
  } satisfies Variable<'consoleDir'>,
  {
    key: 'fileDir',
    name: 'FILE_DIR',
    description: 'directory for paperless attachments (content-addressed by SHA-256)',
    accepts: 'a directory path',
    fallback: `${REPO_ROOT}data/files`,
    parse: (raw: string) => (raw.trim() === '' ? undefined : raw),
  } satisfies Variable<'fileDir'>,
  {
    key: 'attachmentMaxBytes',
    name: 'ATTACHMENT_MAX_BYTES',
    description: 'largest accepted attachment',
    accepts: 'an integer from 1024 to 104857600',
    fallback: String(5 * 1024 * 1024),
    parse: integer(1024, 100 * 1024 * 1024),
  } satisfies Variable<'attachmentMaxBytes'>,
  {
    key: 'cebSignatureVerify',
    name: 'CEB_SIGNATURE_VERIFY',
    description: 'verify CEB message signatures (off: kept unverified; on: a bad or missing one is refused)',
    accepts: 'on or off',
    fallback: 'off',
    parse: onOff,
  } satisfies Variable<'cebSignatureVerify'>,
  {
    key: 'cebSignatureTrustFile',
    name: 'CEB_SIGNATURE_TRUST_FILE',
    description: "PEM certificates a CEB signer's certificate must be or be issued by (unset: any)",
    accepts: 'a file path',
    fallback: undefined,
    parse: (raw: string) => (raw.trim() === '' ? undefined : raw),
  } satisfies Variable<'cebSignatureTrustFile'>,
  {
    key: 'cebSignatureCrlFile',
    name: 'CEB_SIGNATURE_CRL_FILE',
    description:
      'CRLs (PEM or DER) of the CAs issuing CEB signing certificates; a revoked signer is refused (re-read when changed; needs CEB_SIGNATURE_TRUST_FILE)',
    accepts: 'a file path',
    fallback: undefined,
    parse: (raw: string) => (raw.trim() === '' ? undefined : raw),
  } satisfies Variable<'cebSignatureCrlFile'>,
  {
    key: 'cebReadThreads',
    name: 'CEB_READ_THREADS',
    description:
      'worker threads that parse and check CEB XML messages while the request thread writes (0: none)',
    accepts: 'an integer from 0 to 16',
    // One core for the request thread, the others (up to 4) for reading.
    fallback: String(Math.min(4, Math.max(0, availableParallelism() - 1))),
    parse: integer(0, 16),
  } satisfies Variable<'cebReadThreads'>,
  {
    key: 'cebIncompleteAfterHours',
    name: 'CEB_INCOMPLETE_AFTER_HOURS',
    description:
      'hours an inventory list (CEB621) may wait for its order, payment and waybill before it is refused, naming those missing',
    accepts: 'an integer from 1 to 720',
    fallback: '24',
    parse: integer(1, 720),
  } satisfies Variable<'cebIncompleteAfterHours'>,
  {
    key: 'webhookAllowPrivate',
    name: 'WEBHOOK_ALLOW_PRIVATE',
    description:
      'let webhooks point at loopback, private and link-local addresses (off: public addresses only)',
    accepts: 'on or off',
    fallback: 'off',
    parse: onOff,
  } satisfies Variable<'webhookAllowPrivate'>,
] as const;

/** Reads and validates the configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config: Partial<Record<keyof Config, unknown>> = {};
  for (const variable of VARIABLES) {
    const raw = env[variable.name];
    const source = raw === undefined || raw === '' ? variable.fallback : raw;
    if (source === undefined) {
      config[variable.key] = undefined;
      continue;
    }
    const value = (variable.parse as (raw: string) => unknown)(source);
    if (value === undefined) throw new ConfigError(variable.name, variable.accepts, source);
    config[variable.key] = value;
  }
  return config as Config;
}

/** The effective configuration as name → value, secrets masked, for `jinguan config`. */
export function describeConfig(config: Config): { name: string; value: string; description: string }[] {
  return VARIABLES.map((variable) => {
    const value = config[variable.key];
    let shown = value === undefined ? '(unset)' : String(value);
    if ('mask' in variable && value !== undefined) shown = variable.mask(String(value));
    return { name: variable.name, value: shown, description: variable.description };
  });
}
