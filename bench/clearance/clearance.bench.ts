import { coffeeImport } from '../../server/test/helpers/declarations.ts';
import type { BenchArgs } from '../lib/args.ts';
import { startChild, stopChild } from '../lib/child.ts';
import { freshDatabase } from '../lib/database.ts';
import { runLoad } from '../lib/load.ts';
import { percentile, progress, report } from '../lib/report.ts';

const SERVER = new URL('./server.ts', import.meta.url).pathname;

/**
 * Declarations of 5 items declared over HTTP by concurrent clients: checks, risk selection, duty,
 * aggregate payment and green-lane release, all in the one request. Latency is submit→release.
 */
export async function benchClearance(args: BenchArgs): Promise<void> {
  const total = args.n ?? 3000;
  const concurrency = 16;
  const database = await freshDatabase(args, 'clearance');
  try {
    const { child, port } = await startChild(SERVER, [], { DATABASE_URL: database.url });
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'shtrade.declarant', password: 'Demo2026jinguan' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const body = JSON.stringify({ content: coffeeImport({ items: 5 }), declare: true });

    progress(`limit: the same rows written raw, ${total} requests on ${args.engine}`);
    const raw = await runLoad({
      url: `${base}/bench/raw-declaration`,
      method: 'POST',
      body: () => body,
      total,
      concurrency,
    });

    progress(`warm-up, then ${total} declarations of 5 items on ${args.engine}`);
    await runLoad({
      url: `${base}/api/v1/declarations`,
      method: 'POST',
      body: () => body,
      total: 200,
      concurrency,
      headers,
    });
    const run = await runLoad({
      url: `${base}/api/v1/declarations`,
      method: 'POST',
      body: () => body,
      total,
      concurrency,
      headers,
    });
    if (run.errors > 0) progress(`declarations: ${run.errors} errors`);
    report({
      bench: 'clearance',
      engine: args.engine,
      metric: 'declarations_per_s',
      value: run.perSecond,
      unit: '1/s',
      n: total,
      limit: { metric: 'raw_declaration_rows_per_s', value: raw.perSecond },
      p50_ms: percentile(run.latenciesMs, 50),
      p99_ms: percentile(run.latenciesMs, 99),
    });
    await stopChild(child);
  } finally {
    await database.drop();
  }
}
