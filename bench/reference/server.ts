// Child process of the reference benchmark: the real platform, migrated (which loads the shipped
// code sets), listening on a free port.
import { createPlatform } from '../../server/src/main.ts';
import { loadConfig } from '../../server/src/platform/config/index.ts';

const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const platform = await createPlatform(config);
await platform.migrator.migrate();
await platform.reference.current(); // load and index before the first request, as `serve` would
await platform.app.listen({ port: 0, host: '127.0.0.1' });
const address = platform.app.server.address();
process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
process.once('SIGTERM', () => {
  void platform.app.close().then(() => platform.db.close().then(() => process.exit(0)));
});
