// Child process of the platform benchmark: serves either raw Fastify hello-world (the limit)
// or the real platform with one extra route doing a write transaction with an outbox append.
import Fastify from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { createPlatform } from '../../server/src/main.ts';
import { loadConfig } from '../../server/src/platform/config/index.ts';
import { runDdl } from '../../server/src/platform/db/index.ts';

const mode = process.argv[2];

if (mode === 'hello') {
  const app = Fastify();
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
} else {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const platform = await createPlatform(config);
  await platform.migrator.migrate();
  const { app, db, outbox } = platform;
  await runDdl(db.kysely, 'CREATE TABLE IF NOT EXISTS bench_note (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
  outbox.subscribe({ name: 'bench.counter', handle: async () => {} });
  app.post(
    '/bench/write',
    {
      schema: {
        body: z.object({ id: z.string(), body: z.string() }),
        response: { 201: z.object({ id: z.string() }) },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { id, body } = request.body;
      await db.transaction(async (tx) => {
        await sql`INSERT INTO bench_note (id, body) VALUES (${id}, ${body})`.execute(tx);
        await outbox.append(tx, { type: 'bench.written', aggregateId: id, payload: { id } });
      });
      return reply.code(201).send({ id });
    },
  );
  await platform.dispatcher.start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
}
