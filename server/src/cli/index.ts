import { Command } from 'commander';
import { allMigrations, buildTranslator, createPlatform, startServer } from '../main.ts';
import { ConfigError, describeConfig, loadConfig } from '../platform/config/index.ts';
import { Database, Migrator } from '../platform/db/index.ts';
import { isAppError } from '../platform/errors/index.ts';
import { VERSION } from '../platform/version.ts';
import { registerCreditCommands } from './credit.commands.ts';
import { registerIdentityCommands } from './identity.commands.ts';
import { registerImportCommands } from './import.commands.ts';
import { createProgress } from './progress.ts';
import { seedDemo } from './seed.ts';

const program = new Command('jinguan')
  .description('jinguan — integrated customs platform (金关工程二期)')
  .version(VERSION);

program
  .command('serve')
  .description('migrate the database and start the HTTP server')
  .option('--demo', 'seed the demo data first (idempotent)')
  .action(async (options: { demo?: boolean }) => {
    const config = loadConfig();
    const platform = await createPlatform(config, { serveConsole: true });
    if (options.demo) {
      await platform.migrator.migrate();
      await seedDemo(platform, (line) => platform.logger.info(line));
    }
    const { url } = await startServer(platform);
    platform.logger.info(`jinguan ${VERSION} listening on ${url} (${platform.db.engine})`);
  });

program
  .command('migrate')
  .description('apply pending migrations; refuses a database migrated by a newer version')
  .action(async () => {
    const config = loadConfig();
    const db = Database.open({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous });
    try {
      const migrator = new Migrator(db, allMigrations());
      const pending = (await migrator.status()).pending.length;
      const progress = createProgress('migrate', pending);
      const applied = await migrator.migrate(() => progress.increment());
      progress.stop();
      console.log(applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
    } finally {
      await db.close();
    }
  });

program
  .command('seed')
  .description('load data into the database')
  .option('--demo', 'the demo data: districts, officers, enterprises and their users')
  .action(async (options: { demo?: boolean }) => {
    if (!options.demo) throw new Error('say what to seed: --demo');
    const platform = await createPlatform(loadConfig());
    try {
      await platform.migrator.migrate();
      await seedDemo(platform, (line) => console.log(line));
    } finally {
      await platform.db.close();
    }
  });

program
  .command('config')
  .description('print the effective configuration, secrets masked')
  .action(() => {
    for (const { name, value, description } of describeConfig(loadConfig())) {
      console.log(`${name.padEnd(20)} ${value.padEnd(40)} # ${description}`);
    }
  });

registerIdentityCommands(program);
registerCreditCommands(program);
registerImportCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One clear line for what the operator can fix; the stack only for the unexpected.
  if (error instanceof ConfigError) console.error(error.message);
  else if (isAppError(error)) {
    const translator = buildTranslator();
    console.error(translator.translate(error.code, error.params, 'en'));
    for (const issue of error.details ?? []) {
      console.error(
        `  ${issue.path}: ${translator.translate(`RULE.${issue.rule}`, issue.params ?? {}, 'en')}`,
      );
    }
  } else console.error(error);
  process.exitCode = 1;
}
