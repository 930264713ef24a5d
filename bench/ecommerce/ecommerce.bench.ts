import { Agent, request } from 'node:http';
import type { BenchArgs } from '../lib/args.ts';
import { startChild, stopChild } from '../lib/child.ts';
import { freshDatabase } from '../lib/database.ts';
import { percentile, progress, report } from '../lib/report.ts';
import { type BenchMessage, generateDouble11 } from './generator.ts';

const SERVER = new URL('./server.ts', import.meta.url).pathname;
// Lists of the warm-up replay, before the measured ones.
const WARM_UP = 1000;
const BATCH = 100;
/** Requests in flight for the capacity replay: enough to keep the request thread busy on two cores. */
const SATURATED = 32;

/**
 * A Double-11 replay: N lists with their orders, payments and waybills as CEB XML batches over
 * HTTP through the real gateway (parse, check, match, quota, tax, risk, release, receipts), against
 * the raw bulk insert of the same rows; then where the server's time went, stage by stage; then
 * the capacity: as many lists again with SATURATED requests in flight.
 */
export async function benchEcommerce(args: BenchArgs): Promise<void> {
  const total = args.n ?? 10_000;
  const concurrency = args.concurrency ?? 4;
  const database = await freshDatabase(args, 'ecommerce');
  try {
    const { child, port } = await startChild(SERVER, [], { DATABASE_URL: database.url });
    const base = `http://127.0.0.1:${port}`;
    const { keys } = (await (await fetch(`${base}/bench/setup`)).json()) as { keys: Record<string, string> };

    progress(`limit: the same rows bulk-inserted raw, ${total} lists on ${args.engine}`);
    const raw = (await (
      await fetch(`${base}/bench/raw`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n: total, batch: BATCH }),
      })
    ).json()) as { perSecond: number };

    progress('warm-up');
    await replay(base, keys, generateDouble11(WARM_UP, BATCH, args.seed + 1, 50_000_000), concurrency);
    await fetch(`${base}/bench/stages/reset`, { method: 'POST' });
    progress(
      `replaying ${total} lists (${total * 4} documents, ${BATCH} per message, ${concurrency} in flight) on ${args.engine}`,
    );
    const messages = generateDouble11(total, BATCH, args.seed);
    const run = await replay(base, keys, messages, concurrency);
    if (run.errors > 0) progress(`replay: ${run.errors} HTTP errors`);
    report({
      bench: 'ecommerce',
      engine: args.engine,
      metric: 'lists_per_s',
      value: total / run.seconds,
      unit: '1/s',
      n: total,
      concurrency,
      limit: { metric: 'raw_insert_lists_per_s', value: raw.perSecond },
      p50_ms: percentile(run.latenciesMs, 50),
      p99_ms: percentile(run.latenciesMs, 99),
    });
    const dbBefore = await stageShare(base, args.engine, total, concurrency, run.cpuMs, {
      transactions: 0,
      commits: 0,
    });
    // Capacity: the same replay with many senders at once, as on a real Double-11, on new lists. At 4
    // in flight each message waits for its parse and its WAL sync in turn and the request thread
    // idles about a fifth of the time; with SATURATED in flight it stays busy, and lists/s shows
    // what the request thread can carry rather than the latency of four senders. Its buyers come from
    // the same pool as the first replay's, so a buyer's quota carries over (two small lists, far from the limit).
    progress(`capacity: ${total} more lists, ${SATURATED} in flight`);
    const more = generateDouble11(total, BATCH, args.seed + 2, 100_000_000);
    await fetch(`${base}/bench/stages/reset`, { method: 'POST' });
    const saturated = await replay(base, keys, more, SATURATED);
    if (saturated.errors > 0) progress(`capacity replay: ${saturated.errors} HTTP errors`);
    report({
      bench: 'ecommerce',
      engine: args.engine,
      metric: 'lists_per_s',
      value: total / saturated.seconds,
      unit: '1/s',
      n: total,
      concurrency: SATURATED,
      limit: { metric: 'raw_insert_lists_per_s', value: raw.perSecond },
      p50_ms: percentile(saturated.latenciesMs, 50),
      p99_ms: percentile(saturated.latenciesMs, 99),
    });
    await stageShare(base, args.engine, total, SATURATED, saturated.cpuMs, dbBefore);
    const lists = (await (await fetch(`${base}/bench/outcomes`)).json()) as Record<string, number>;
    const stored = Object.values(lists).reduce((a, b) => a + b, 0);
    // Lists refused on their format, code lists, positive list or limits are never stored: what was sent
    // and not stored counts as rejected (with the few lists the generator repeats). The generator's faults
    // (missing or mismatching documents, over-limit buyers, repeats) are about 2%.
    const sent = WARM_UP + 2 * total;
    const rejectedShare = ((lists.rejected ?? 0) + Math.max(0, sent - stored)) / sent;
    if (rejectedShare > 0.05)
      progress(`warning: ${Math.round(rejectedShare * 100)}% of the lists were rejected`);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ecommerce',
        engine: args.engine,
        metric: 'list_outcomes',
        n: sent,
        lists: { ...lists, not_stored: Math.max(0, sent - stored) },
        rejected_share: Math.round(rejectedShare * 1000) / 1000,
      })}\n`,
    );
    await stopChild(child);
  } finally {
    await database.drop();
  }
}

type DbStats = { transactions: number; commits: number };

/**
 * Where the server's time went since the last `/bench/stages/reset`, as one JSON line; answers the
 * database's transaction counts so far (they are not reset), for the next line's difference.
 */
async function stageShare(
  base: string,
  engine: string,
  total: number,
  concurrency: number,
  clientCpuMs: number,
  dbBefore: DbStats,
): Promise<DbStats> {
  const { stages, serverMs, cpuMs, mainThreadCpuMs, writtenBytes, elu, threads, db, maxRssKb } = (await (
    await fetch(`${base}/bench/stages`)
  ).json()) as {
    stages: Record<string, number>;
    serverMs: number;
    cpuMs: number;
    mainThreadCpuMs: number | null;
    writtenBytes: number | null;
    elu: number;
    threads: [string, number][];
    db: DbStats;
    maxRssKb: number;
  };
  const match = stages.match ?? 0;
  const breakdown: Record<string, number> = {
    parse: stages.parse ?? 0,
    check: stages.check ?? 0,
    match,
    write: (stages.transaction ?? 0) - match,
    answer: stages.answer ?? 0,
  };
  breakdown.other = Math.max(0, serverMs - Object.values(breakdown).reduce((a, b) => a + b, 0));
  const round = (v: number) => Math.round(v * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'ecommerce',
      engine,
      metric: 'stage_share',
      n: total,
      concurrency,
      server_ms: Math.round(serverMs),
      transactions_per_commit: round(
        (db.transactions - dbBefore.transactions) / Math.max(db.commits - dbBefore.commits, 1),
      ),
      // CPU of every server thread (request, reading, checkpoint) per list: what the machine pays.
      server_cpu_ms_per_list: round(cpuMs / total),
      request_thread_cpu_ms_per_list: mainThreadCpuMs === null ? null : round(mainThreadCpuMs / total),
      written_kb_per_list: writtenBytes === null ? null : round(writtenBytes / 1024 / total),
      // Share of the replay the request thread's event loop was not waiting for events.
      request_thread_busy: round(elu),
      busiest_threads_cpu_ms_per_list: threads.map(([, ms]) => round(ms / total)),
      client_cpu_ms_per_list: round(clientCpuMs / total),
      // The report's rss_mb is the bench client's (it holds every message it sends).
      server_max_rss_mb: Math.round(maxRssKb / 1024),
      ms_per_list: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round(v / total)])),
      share: Object.fromEntries(
        Object.entries(breakdown).map(([k, v]) => [k, round(v / Math.max(serverMs, 1))]),
      ),
    })}\n`,
  );
  return db;
}

async function replay(
  base: string,
  keys: Record<string, string>,
  messages: BenchMessage[],
  concurrency: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(`${base}/api/v1/ecommerce/messages`);
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;
  const one = (message: BenchMessage) =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'x-api-key': keys[message.sender]!,
            'content-type': 'application/xml',
            'content-length': Buffer.byteLength(message.body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
            if ((res.statusCode ?? 500) >= 400) errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(message.body);
    });
  const started = process.hrtime.bigint();
  const cpuFrom = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages.length) await one(messages[next++]!);
    }),
  );
  agent.destroy();
  latenciesMs.sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpuFrom);
  return {
    errors,
    latenciesMs,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}
