// Child process of the e-commerce benchmark: the real platform with the demo data, API keys for the
// three senders, the stage clock, and one route that writes the same rows raw (the limit).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { seedDemo } from '../../server/src/cli/seed.ts';
import { createPlatform } from '../../server/src/main.ts';
import { cebSamples, ecommerceStages } from '../../server/src/modules/ecommerce/index.ts';
import { loadConfig } from '../../server/src/platform/config/index.ts';
import { uuidv7 } from '../../server/src/platform/db/index.ts';
import { replayProfiler } from '../lib/profile.ts';

const profiler = replayProfiler(process.env.BENCH_CPU_PROFILE);

const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const platform = await createPlatform(config);
await platform.migrator.migrate();
await seedDemo(platform, () => {});
const { app, db } = platform;
const P = cebSamples.SAMPLE_PARTIES;
const keys: Record<string, string> = {};
for (const code of [P.ebcCode, P.payCode, P.logisticsCode]) {
  const issued = await platform.identity.users.issueApiKey(
    { kind: 'operator', name: 'bench' },
    { enterpriseCode: code, name: 'bench', scopes: ['ecommerce.submit'] },
  );
  keys[code] = issued.key;
}

// HTTP-side stages: body read + XML parse (preParsing → preValidation), answer (preSerialization → onResponse).
const marks = new WeakMap<FastifyRequest, { start: bigint; serialize?: bigint }>();
let serverMs = 0;
// CPU time of the whole server process (every thread) over the measured replay, and of the
// request thread alone (Linux: /proc; the thread that bounds throughput).
let cpuFrom = process.cpuUsage();
const mainThreadCpuMs = () => {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
};
let mainFrom = mainThreadCpuMs();
const threadsCpuMs = () => {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out[tid] = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    }
  } catch {}
  return out;
};
let threadsFrom = threadsCpuMs();
// Bytes the process handed to write(2) (Linux: /proc/self/io): WAL frames, checkpoints, logs.
const writtenBytes = () => {
  try {
    return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
  } catch {
    return Number.NaN;
  }
};
let writtenFrom = writtenBytes();
let eluFrom = performance.eventLoopUtilization();
app.addHook('onRequest', async (request) => {
  marks.set(request, { start: process.hrtime.bigint() });
});
app.addHook('preParsing', async (request) => {
  const mark = marks.get(request);
  if (mark) mark.serialize = process.hrtime.bigint();
});
app.addHook('preValidation', async (request) => {
  const mark = marks.get(request);
  if (mark?.serialize && request.url === '/api/v1/ecommerce/messages')
    ecommerceStages.add('parse', mark.serialize);
});
app.addHook('preSerialization', async (request, _reply, payload) => {
  const mark = marks.get(request);
  if (mark) mark.serialize = process.hrtime.bigint();
  return payload;
});
app.addHook('onResponse', async (request) => {
  const mark = marks.get(request);
  if (!mark || request.url !== '/api/v1/ecommerce/messages') return;
  if (mark.serialize) ecommerceStages.add('answer', mark.serialize);
  serverMs += Number(process.hrtime.bigint() - mark.start) / 1e6;
});

app.get('/bench/setup', { config: { access: 'public' } }, async () => ({ keys }));
// How the replayed lists ended, so a figure measured on lists the gateway refused shows as such.
app.get('/bench/outcomes', { config: { access: 'public' } }, async () => {
  // Not the raw insert's rows (sender 's', below): they measure the limit, not the gateway.
  const { rows } = await sql<{ status: string; n: number | string }>`
    SELECT status, COUNT(*) AS n FROM ecommerce_list WHERE sender <> 's' GROUP BY status`.execute(db.kysely);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
});
app.get('/bench/stages', { config: { access: 'public' } }, async () => {
  await profiler.stop();
  const cpu = process.cpuUsage(cpuFrom);
  return {
    stages: ecommerceStages.snapshot(),
    serverMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainThreadCpuMs: mainThreadCpuMs() - mainFrom,
    writtenBytes: writtenBytes() - writtenFrom,
    elu: performance.eventLoopUtilization(eluFrom).utilization,
    threads: Object.entries(threadsCpuMs())
      .map(([tid, ms]) => [tid, ms - (threadsFrom[tid] ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
    db: db.stats,
    // Peak resident memory of the server process so far (kilobytes), seeding and raw insert included.
    maxRssKb: process.resourceUsage().maxRSS,
  };
});
app.post('/bench/stages/reset', { config: { access: 'public' } }, async () => {
  ecommerceStages.reset();
  serverMs = 0;
  cpuFrom = process.cpuUsage();
  mainFrom = mainThreadCpuMs();
  writtenFrom = writtenBytes();
  eluFrom = performance.eventLoopUtilization();
  threadsFrom = threadsCpuMs();
  await profiler.start();
  return {};
});

// The limit: the rows one list and its three documents leave behind (documents, list, tax bill,
// inbox messages and receipts), bulk-inserted with no parsing, checks or decisions.
app.post('/bench/raw', { config: { access: 'public' } }, async (request) => {
  const { n, batch } = request.body as { n: number; batch: number };
  const doc = JSON.stringify({
    head: { orderNo: 'x'.repeat(400) },
    lines: [{ gnum: '1', gname: 'y'.repeat(300) }],
  });
  const started = process.hrtime.bigint();
  for (let from = 0; from < n; from += batch) {
    const now = new Date().toISOString();
    const ids = Array.from({ length: Math.min(batch, n - from) }, () => uuidv7());
    await db.transaction(async (tx) => {
      for (const table of ['ecommerce_order', 'ecommerce_payment'])
        await db.bulkInsert(
          tx,
          table,
          ids.map((id) => ({
            order_key: id,
            sender: 's',
            guid: id,
            doc,
            created_at: now,
            ...(table === 'ecommerce_order' ? { buyer_hash: id } : { pay_key: id }),
          })),
        );
      await db.bulkInsert(
        tx,
        'ecommerce_waybill',
        ids.map((id) => ({ parcel_key: id, sender: 's', guid: id, doc, created_at: now })),
      );
      await db.bulkInsert(
        tx,
        'ecommerce_list',
        ids.map((id) => ({
          id,
          sender: 's',
          guid: id,
          order_key: id,
          parcel_key: id,
          active_order_key: id,
          active_parcel_key: id,
          cop_no: id,
          pre_no: id,
          invt_no: id,
          customs_code: '2244',
          ebc_code: 'e',
          buyer_hash: id,
          status: 'released',
          return_status: '800',
          quota_year: 2026,
          quota_fen: 100,
          tax: doc,
          reasons: null,
          risk_decision_id: id,
          doc,
          created_at: now,
          decided_at: now,
        })),
      );
      await db.bulkInsert(
        tx,
        'ecommerce_tax_bill',
        ids.map((id) => ({
          tax_no: id,
          guid: id,
          list_id: id,
          invt_no: id,
          assure_code: 'a',
          customs_tax: '0',
          value_added_tax: '1',
          consumption_tax: '0',
          status: '1',
          lines: doc,
          created_at: now,
        })),
      );
      for (const kind of ['311', '411', '511', '621']) {
        await db.bulkInsert(
          tx,
          'exchange_message',
          ids.map((id) => ({
            sender: kind,
            // Senders' GUIDs are random (UUID v4), as in the replay: each lands on its own page.
            guid: randomUUID().toUpperCase(),
            message_type: kind,
            payload_sha256: id,
            receipt_id: `${kind}${id}`,
            received_at: now,
          })),
        );
        await db.bulkInsert(
          tx,
          'exchange_receipt',
          ids.map((id) => ({
            id: `${kind}${id}`,
            enterprise_code: kind,
            message_type: kind,
            guid: id,
            status: '120',
            reasons: null,
            data: doc,
            created_at: now,
          })),
        );
      }
    });
  }
  return { perSecond: n / (Number(process.hrtime.bigint() - started) / 1e9) };
});

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
// A clean exit on SIGTERM, so that `BENCH_CHILD_NODE_ARGS=--cpu-prof` writes its profile.
process.once('SIGTERM', () => {
  void app.close().finally(() => process.exit(0));
});
