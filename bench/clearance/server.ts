// Child process of the clearance benchmark: the real platform with the demo data, plus one route
// that writes the same rows a declaration writes with none of the platform logic (the limit).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { seedDemo } from '../../server/src/cli/seed.ts';
import { createPlatform } from '../../server/src/main.ts';
import { loadConfig } from '../../server/src/platform/config/index.ts';

const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const platform = await createPlatform(config);
await platform.migrator.migrate();
await seedDemo(platform, () => {});
const { app, db } = platform;

app.post(
  '/bench/raw-declaration',
  { schema: { body: z.object({ content: z.unknown() }) }, config: { access: 'public' } },
  async (request, reply) => {
    const id = randomBytes(12).toString('hex');
    const now = new Date().toISOString();
    await db.transaction(async (tx) => {
      await sql`INSERT INTO clearance_declaration (id, pre_entry_no, entry_id, enterprise_code, trader_code, district,
        ie_flag, status, channel, content, version, created_at, updated_at)
        VALUES (${id}, ${id}, ${id}, '3120980001', '3120980001', '2200', 'I', 'released', 'green',
        ${JSON.stringify(request.body.content)}, 1, ${now}, ${now})`.execute(tx);
      for (const action of ['save', 'declare', 'assign_channel', 'assess_duty', 'secure_duty', 'release']) {
        await sql`INSERT INTO clearance_history (declaration_id, at, action, to_status, actor_kind, actor_id)
          VALUES (${id}, ${now}, ${action}, 'released', 'bench', 'bench')`.execute(tx);
      }
    });
    return reply.code(201).send({ id });
  },
);

await platform.dispatcher.start();
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
