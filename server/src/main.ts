import pino, { type Logger } from 'pino';
import {
  type Clearance,
  clearanceCatalogue,
  clearanceGrants,
  clearanceMigrations,
  clearanceSystemScopes,
  createClearance,
} from './modules/clearance/index.ts';
import {
  type Credit,
  createCredit,
  creditCatalogue,
  creditGrants,
  creditMigrations,
  creditSystemScopes,
} from './modules/credit/index.ts';
import {
  createEcommerce,
  type Ecommerce,
  ecommerceCatalogue,
  ecommerceGrants,
  ecommerceMigrations,
  ecommerceSystemScopes,
} from './modules/ecommerce/index.ts';
import { createRisk, type Risk, riskCatalogue, riskGrants, riskMigrations } from './modules/risk/index.ts';
import { createTariff, type Tariff, tariffCatalogue, tariffMigrations } from './modules/tariff/index.ts';
import { auditMigrations, registerAuditRoutes } from './platform/audit/index.ts';
import type { Config } from './platform/config/index.ts';
import { Database, type MigrationSet, Migrator } from './platform/db/index.ts';
import {
  createExchange,
  type Exchange,
  exchangeCatalogue,
  exchangeMigrations,
} from './platform/exchange/index.ts';
import { FileStore } from './platform/files/index.ts';
import { createHttpApp, type HttpApp, registerConsole, registerHealthRoutes } from './platform/http/index.ts';
import { platformCatalogue, Translator } from './platform/i18n/index.ts';
import {
  createIdentity,
  type Identity,
  identityCatalogue,
  identityMigrations,
} from './platform/identity/index.ts';
import { Metrics } from './platform/metrics/index.ts';
import { Dispatcher, Outbox, outboxMigrations } from './platform/outbox/index.ts';
import { VERSION } from './platform/version.ts';
import {
  ReferenceData,
  referenceCatalogue,
  referenceMigrations,
  registerReferenceRoutes,
} from './reference/index.ts';

/** Everything one server process is made of, built by hand in dependency order (no container). */
export interface Platform {
  config: Config;
  logger: Logger;
  db: Database;
  translator: Translator;
  metrics: Metrics;
  outbox: Outbox;
  dispatcher: Dispatcher;
  migrator: Migrator;
  reference: ReferenceData;
  credit: Credit;
  tariff: Tariff;
  risk: Risk;
  clearance: Clearance;
  ecommerce: Ecommerce;
  identity: Identity;
  exchange: Exchange;
  app: HttpApp;
}

export interface PlatformOptions {
  logger?: Logger;
  /** Serve the built console (off in tests). */
  serveConsole?: boolean;
}

/** Every migration set, platform first, then modules in dependency order. */
export function allMigrations(): MigrationSet[] {
  return [
    outboxMigrations,
    identityMigrations,
    auditMigrations,
    exchangeMigrations,
    referenceMigrations,
    creditMigrations,
    tariffMigrations,
    riskMigrations,
    clearanceMigrations,
    ecommerceMigrations,
  ];
}

/** Every message catalogue, for the HTTP layer and the CLI. */
export function buildTranslator(): Translator {
  return new Translator(
    platformCatalogue,
    identityCatalogue,
    exchangeCatalogue,
    referenceCatalogue,
    creditCatalogue,
    tariffCatalogue,
    riskCatalogue,
    clearanceCatalogue,
    ecommerceCatalogue,
  );
}

/** The composition root: config → database → platform services → modules → HTTP. */
export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'jinguan' } });
  const db = Database.open({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous });
  const translator = buildTranslator();
  const metrics = new Metrics();
  const outbox = new Outbox(db);
  const migrator = new Migrator(db, allMigrations());
  const dispatcher = new Dispatcher(db, outbox, { pollMs: config.outboxPollMs, logger });
  const reference = new ReferenceData(db);
  const tariff = createTariff(db, reference);
  // Enterprise users and API keys only for enterprises the credit module has registered.
  const enterpriseExists = (code: string) => credit.isRegistered(code);
  const identity = createIdentity(db, { jwtSecret: config.jwtSecret, enterpriseExists });
  const credit = createCredit(db, { outbox, reference, identity, logger });
  for (const [role, permissions] of creditGrants) identity.policy.grant(role, permissions);
  identity.policy.allowSystemScopes(creditSystemScopes);
  const exchange = createExchange(db, {
    audit: identity.audit,
    logger,
    allowPrivateWebhooks: config.webhookAllowPrivate,
  });
  const risk = createRisk({
    db,
    audit: identity.audit,
    policy: identity.policy,
    districts: identity.districts,
  });
  for (const [role, permissions] of riskGrants) identity.policy.grant(role, permissions);
  const clearance = createClearance({
    db,
    outbox,
    audit: identity.audit,
    policy: identity.policy,
    districts: identity.districts,
    reference,
    risk,
    tariff,
    credit,
    files: new FileStore(config.fileDir),
    attachmentMaxBytes: config.attachmentMaxBytes,
    inbox: exchange.inbox,
    receipts: exchange.receipts,
  });
  for (const [role, permissions] of clearanceGrants) identity.policy.grant(role, permissions);
  identity.policy.allowSystemScopes(clearanceSystemScopes);
  const ecommerce = createEcommerce({
    db,
    inbox: exchange.inbox,
    receipts: exchange.receipts,
    audit: identity.audit,
    policy: identity.policy,
    risk,
    credit,
    districts: identity.districts,
    codeLists: () => reference.current(),
    signatures: {
      verify: config.cebSignatureVerify,
      trustFile: config.cebSignatureTrustFile,
      crlFile: config.cebSignatureCrlFile,
    },
    logger,
    readerThreads: config.cebReadThreads,
    incompleteAfterMs: config.cebIncompleteAfterHours * 3_600_000,
  });
  for (const [role, permissions] of ecommerceGrants) identity.policy.grant(role, permissions);
  identity.policy.allowSystemScopes(ecommerceSystemScopes);

  const app = await createHttpApp({
    logger,
    translator,
    metrics,
    bodyLimitBytes: config.bodyLimitBytes,
    version: VERSION,
  });
  identity.register(app);
  registerAuditRoutes(app, db, identity.audit);
  exchange.register(app, identity.policy);
  registerReferenceRoutes(app, reference);
  credit.register(app);
  tariff.register(app);
  risk.register(app);
  clearance.registerRoutes(app);
  ecommerce.registerRoutes(app);
  registerHealthRoutes(
    app,
    [
      { name: 'database', check: () => db.ping() },
      {
        name: 'migrations',
        check: async () => {
          const status = await migrator.status();
          if (status.unknown.length > 0) throw new Error(`database is newer: ${status.unknown.join(', ')}`);
          if (status.pending.length > 0) throw new Error(`pending: ${status.pending.join(', ')}`);
        },
      },
    ],
    async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
  );

  if (options.serveConsole) await registerConsole(app, config.consoleDir);
  return {
    config,
    logger,
    db,
    translator,
    metrics,
    outbox,
    dispatcher,
    migrator,
    reference,
    credit,
    tariff,
    risk,
    clearance,
    ecommerce,
    identity,
    exchange,
    app,
  };
}

/**
 * Migrates, starts event dispatch and listens. SIGTERM/SIGINT stop it gracefully: no new
 * requests, in-flight ones finish, the outbox batch in progress finishes, then the database closes.
 */
export async function startServer(platform: Platform): Promise<{ stop: () => Promise<void>; url: string }> {
  const { app, config, dispatcher, logger, migrator } = platform;
  await migrator.migrate((key) => logger.info({ migration: key }, 'migration applied'));
  await dispatcher.start();
  platform.exchange.deliverer.start();
  platform.credit.schedule.start();
  platform.ecommerce.sweeper.start();
  const url = await app.listen({ port: config.port, host: config.host });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= shutdown(platform);
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        logger.error('graceful shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      void stop().then(() => process.exit(0));
    });
  }
  return { stop, url };
}

/** Graceful stop: refuse new requests, finish in-flight ones and the outbox batch, close the database. */
export async function shutdown(platform: Platform): Promise<void> {
  await platform.app.close();
  await platform.dispatcher.stop();
  await platform.exchange.deliverer.stop();
  await platform.credit.schedule.stop();
  platform.ecommerce.sweeper.stop();
  await platform.db.close();
}
