import type { BenchArgs } from '../lib/args.ts';
import { startChild, stopChild } from '../lib/child.ts';
import { freshDatabase } from '../lib/database.ts';
import { runLoad } from '../lib/load.ts';
import { percentile, progress, report } from '../lib/report.ts';

const SERVER = new URL('./server.ts', import.meta.url).pathname;

/** Requests/s and p99 for /healthz and a write+outbox route, against raw Fastify hello-world. */
export async function benchPlatform(args: BenchArgs): Promise<void> {
  const total = args.n ?? 20_000;
  const concurrency = 32;

  progress(`limit: raw Fastify hello-world, ${total} requests`);
  const hello = await startChild(SERVER, ['hello'], {});
  await runLoad({ url: `http://127.0.0.1:${hello.port}/hello`, total: 1000, concurrency }); // warm-up
  const limit = await runLoad({ url: `http://127.0.0.1:${hello.port}/hello`, total, concurrency });
  await stopChild(hello.child);

  const database = await freshDatabase(args);
  try {
    const server = await startChild(SERVER, ['platform'], {
      DATABASE_URL: database.url,
      SQLITE_SYNCHRONOUS: process.env.SQLITE_SYNCHRONOUS ?? 'FULL',
    });
    const base = `http://127.0.0.1:${server.port}`;
    await runLoad({ url: `${base}/healthz`, total: 1000, concurrency });

    progress(`platform /healthz on ${args.engine}, ${total} requests`);
    const health = await runLoad({ url: `${base}/healthz`, total, concurrency });
    report({
      bench: 'platform',
      engine: args.engine,
      metric: 'healthz_req_per_s',
      value: health.perSecond,
      unit: '1/s',
      n: total,
      limit: { metric: 'raw_fastify_hello_req_per_s', value: limit.perSecond },
      p50_ms: percentile(health.latenciesMs, 50),
      p99_ms: percentile(health.latenciesMs, 99),
    });

    progress(`platform write transaction + outbox append on ${args.engine}, ${total} requests`);
    const writes = await runLoad({
      url: `${base}/bench/write`,
      method: 'POST',
      body: (i) => JSON.stringify({ id: `n${args.seed}-${i}`, body: 'x'.repeat(200) }),
      total,
      concurrency,
    });
    if (writes.errors > 0) progress(`write route: ${writes.errors} errors`);
    report({
      bench: 'platform',
      engine: args.engine,
      metric: 'write_outbox_req_per_s',
      value: writes.perSecond,
      unit: '1/s',
      n: total,
      limit: { metric: 'raw_fastify_hello_req_per_s', value: limit.perSecond },
      p50_ms: percentile(writes.latenciesMs, 50),
      p99_ms: percentile(writes.latenciesMs, 99),
    });
    await stopChild(server.child);
  } finally {
    await database.drop();
  }
}
