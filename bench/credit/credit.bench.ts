import { createPlatform, type Platform } from '../../server/src/main.ts';
import { usccCheckCharacter } from '../../server/src/modules/credit/index.ts';
import { loadConfig } from '../../server/src/platform/config/index.ts';
import { seededRandom } from '../../server/test/helpers/seeded-random.ts';
import type { BenchArgs } from '../lib/args.ts';
import { freshDatabase } from '../lib/database.ts';
import { progress, report } from '../lib/report.ts';
import { rawRescore } from './raw-limit.ts';

const ON_DATE = '2026-11-27';

const day = (offset: number) =>
  new Date(Date.parse(`${ON_DATE}T00:00:00Z`) - offset * 86_400_000).toISOString().slice(0, 10);

/** Writes n enterprises with initial scores, about five facts each, certifications and annual reports. */
export async function generate(platform: Platform, n: number, seed: number): Promise<number> {
  const random = seededRandom(seed);
  const { db } = platform;
  const districts = ['2200', '2201', '5100', '0100', '0200'];
  const batch = 10_000;
  let facts = 0;
  const now = new Date().toISOString();
  for (let start = 0; start < n; start += batch) {
    const enterprises: Record<string, unknown>[] = [];
    const scores: Record<string, unknown>[] = [];
    const factRows: Record<string, unknown>[] = [];
    const certs: Record<string, unknown>[] = [];
    const reports: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const code = String(3_100_000_000 + i);
      const first17 = `91310115MA${String(i).padStart(7, '0')}`;
      enterprises.push({
        code,
        uscc: first17 + usccCheckCharacter(first17),
        name_zh: `企业${i}`,
        name_en: null,
        address: '示例路',
        district: districts[i % districts.length],
        types: '["consignee_consignor"]',
        registered_on: '2020-01-01',
        updated_at: now,
        version: 1,
      });
      scores.push({
        enterprise_code: code,
        score: null,
        previous_score: null,
        level: 'general',
        level_since: '2020-01-01',
        reasons: '[]',
        scored_on: null,
      });
      const fact = (kind: string, count: number, offset: number, amount: string | null = null) =>
        factRows.push({
          enterprise_code: code,
          kind,
          occurred_on: day(offset),
          count,
          amount,
          source: 'bench',
          ref: null,
          recorded_at: now,
        });
      const volume = Math.floor(random() * 400);
      fact('declarations', volume + 1, 200);
      fact('declarations', volume + 1, 20);
      fact('inspections', Math.max(1, Math.floor(volume * 0.03)), 90);
      if (random() < 0.3) fact('declaration_errors', Math.ceil(random() * volume * 0.06) + 1, 60);
      if (random() < 0.1) fact('inspection_findings', 1, 100);
      if (random() < 0.03) fact('admin_penalty', 1, 150, (random() * 50_000).toFixed(2));
      if (random() < 0.01) fact('tax_arrears', 1, Math.floor(random() * 200), (random() * 90_000).toFixed(2));
      if (random() < 0.002) fact('smuggling_case', 1, 30);
      if (random() < 0.005) fact('security_incident', 1, 45);
      const c = random();
      if (c < 0.1)
        certs.push({
          enterprise_code: code,
          level: c < 0.03 ? 'aeo_advanced' : 'aeo_general',
          decided_on: '2024-03-01',
          valid_from: '2024-03-01',
          valid_to: null,
          revoked_on: null,
          decided_by: 'bench',
          note: null,
        });
      if (random() < 0.95)
        reports.push({
          enterprise_code: code,
          year: 2025,
          filed_on: '2026-04-01',
          status: 'accepted',
          review: '[]',
          late: 0,
          debt_ratio_high: random() < 0.02 ? 1 : 0,
          payload: '{}',
          decided_by: 'auto',
          decided_at: now,
        });
    }
    await db.transaction(async (tx) => {
      await db.bulkInsert(tx, 'credit_enterprise', enterprises);
      await db.bulkInsert(tx, 'credit_score', scores);
      await db.bulkInsert(tx, 'credit_fact', factRows);
      await db.bulkInsert(tx, 'credit_certification', certs);
      await db.bulkInsert(tx, 'credit_annual_report', reports);
    });
    facts += factRows.length;
    if ((start / batch) % 10 === 0)
      progress(`generated ${Math.min(n, start + batch)}/${n} enterprises, ${facts} facts`);
  }
  if (db.engine === 'postgres')
    await db.kysely.executeQuery({
      sql: 'ANALYZE',
      parameters: [],
      query: {} as never,
      queryId: {} as never,
    });
  return facts;
}

export async function benchCredit(args: BenchArgs): Promise<void> {
  const n = args.n ?? 100_000;
  const database = await freshDatabase(args, 'credit');
  const platform = await createPlatform(
    loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL' }),
  );
  try {
    await platform.migrator.migrate();
    const generateStarted = performance.now();
    const facts = await generate(platform, n, args.seed);
    progress(
      `generated ${n} enterprises and ${facts} facts in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s`,
    );

    const limit = await rawRescore(platform.db, ON_DATE);
    progress(`raw read-compute-write: ${limit.seconds.toFixed(1)} s`);

    const operator = { kind: 'operator' as const, name: 'bench' };
    let lastTenth = 0;
    const result = await platform.credit.rescore(operator, ON_DATE, {
      force: true,
      onProgress(done, total) {
        const tenth = Math.floor((done * 10) / total);
        if (tenth > lastTenth) progress(`rescore ${done}/${total}`);
        lastTenth = tenth;
      },
    });
    if (!result) throw new Error('rescore did not run');
    progress(
      `rescore: ${result.enterprises} enterprises, ${result.changed} changed, ${result.levelChanges} level changes, ${result.seconds.toFixed(1)} s`,
    );
    const rawRate = limit.enterprises / limit.seconds;
    report({
      bench: 'credit',
      engine: args.engine,
      metric: 'rescore_enterprises_per_s',
      value: result.enterprises / result.seconds,
      unit: '1/s',
      n,
      limit: { metric: 'raw_read_compute_write_per_s', value: rawRate },
    });
    report({
      bench: 'credit',
      engine: args.engine,
      metric: 'rescore_seconds',
      value: result.seconds,
      unit: 's',
      n,
      limit: { metric: 'raw_read_compute_write_seconds', value: limit.seconds },
    });

    // The next day: the same facts, so only what the date moves changes (the usual daily run).
    const next = await platform.credit.rescore(operator, '2026-11-28', { force: true });
    if (next) {
      progress(
        `next day: ${next.changed} changed, ${next.levelChanges} level changes, ${next.seconds.toFixed(1)} s`,
      );
      report({
        bench: 'credit',
        engine: args.engine,
        metric: 'next_day_rescore_seconds',
        value: next.seconds,
        unit: 's',
        n,
        limit: { metric: 'raw_read_compute_write_seconds', value: limit.seconds },
      });
    }
  } finally {
    await platform.db.close();
    await database.drop();
  }
}
