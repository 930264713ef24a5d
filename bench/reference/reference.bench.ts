import { type ChildProcess, spawn } from 'node:child_process';
import { createPlatform } from '../../server/src/main.ts';
import { loadConfig } from '../../server/src/platform/config/index.ts';
import type { BenchArgs } from '../lib/args.ts';
import { freshDatabase } from '../lib/database.ts';
import { runLoad } from '../lib/load.ts';
import { percentile, progress, report } from '../lib/report.ts';

const SERVER = new URL('./server.ts', import.meta.url).pathname;

// What officers and traders type: Chinese and English words, short and long, and code prefixes.
const QUERIES = [
  '咖啡',
  'coffee',
  '奶粉',
  'milk',
  '葡萄酒',
  'wine',
  '手机',
  'smartphones',
  '汽车',
  'motor vehicles',
  '钢',
  'steel',
  '棉',
  'cotton',
  '0901',
  '8517',
  '22',
  '化妆品',
  'beauty',
  'frozen beef',
  '鲑鱼',
  'cherries',
  '玩具',
  'toys',
  '的',
  'of',
];

/** Deterministic shuffle, so two runs with the same --seed send the same sequence. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function time(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /READY (\d+)/.exec(buffered);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, port };
}

/**
 * HS search p95 over the 8,957 tariff lines and the HS 2022 nomenclature: in-process through the
 * index and over HTTP at the client, each against a plain linear substring scan of the same rows.
 */
export async function benchReference(args: BenchArgs): Promise<void> {
  const total = args.n ?? 2_600;
  const queries = shuffled(QUERIES, args.seed);
  const database = await freshDatabase(args);
  try {
    progress(`reference: migrating a fresh ${args.engine} database (loads the shipped code sets)`);
    const platform = await createPlatform(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }));
    await platform.migrator.migrate();
    const snapshot = await platform.reference.current();
    const on = new Date().toISOString().slice(0, 10);
    const rows = [...snapshot.getVersion('hs', on).rows, ...snapshot.getVersion('hs8', on).rows].map((r) => ({
      code: r.code,
      text: `${r.nameZh ?? ''} ${r.nameEn ?? ''}`.toLowerCase(),
    }));
    await platform.db.close();

    progress(`limit: linear scan over ${rows.length} rows, ${total} searches`);
    const scan = (q: string) => {
      const needle = q.toLowerCase();
      return rows
        .filter((r) => r.code.startsWith(needle) || r.text.includes(needle))
        .sort((a, b) => (a.code < b.code ? -1 : 1));
    };
    const scanMs = Array.from({ length: total }, (_, i) =>
      time(() => scan(queries[i % queries.length]!)),
    ).sort((a, b) => a - b);
    const indexMs = Array.from({ length: total }, (_, i) =>
      time(() => snapshot.searchHs(queries[i % queries.length]!, on, 20)),
    ).sort((a, b) => a - b);
    const limit = { metric: 'linear_scan_p95_ms', value: percentile(scanMs, 95) };
    report({
      bench: 'reference',
      engine: args.engine,
      metric: 'hs_search_index_p95_ms',
      value: percentile(indexMs, 95),
      unit: 'ms',
      n: total,
      limit,
      p50_ms: percentile(indexMs, 50),
      p99_ms: percentile(indexMs, 99),
    });

    progress(`reference: HS search over HTTP on ${args.engine}, ${total} requests`);
    const server = await startServer({ DATABASE_URL: database.url });
    const base = `http://127.0.0.1:${server.port}/api/v1/reference/hs/search?q=`;
    const latencies: number[] = [];
    let errors = 0;
    const perQuery = Math.max(1, Math.floor(total / queries.length));
    for (const q of queries) {
      const result = await runLoad({ url: base + encodeURIComponent(q), total: perQuery, concurrency: 4 });
      latencies.push(...result.latenciesMs);
      errors += result.errors;
    }
    if (errors > 0) progress(`reference: ${errors} failed requests`);
    latencies.sort((a, b) => a - b);
    report({
      bench: 'reference',
      engine: args.engine,
      metric: 'hs_search_http_p95_ms',
      value: percentile(latencies, 95),
      unit: 'ms',
      n: latencies.length,
      limit,
      p50_ms: percentile(latencies, 50),
      p99_ms: percentile(latencies, 99),
    });
    await new Promise<void>((resolve) => {
      server.child.once('exit', () => resolve());
      server.child.kill('SIGTERM');
    });
  } finally {
    await database.drop();
  }
}
