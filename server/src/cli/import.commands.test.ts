import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../test/helpers/database.ts';
import { Database } from '../platform/db/index.ts';

const CLI = new URL('./index.ts', import.meta.url).pathname;
const run = promisify(execFile);

// Each case starts the real CLI in a child process (tsx, platform, migrations): seconds each on a
// busy 2-core machine, so these cases get more time than the suite's default.
describe(`jinguan import on ${TEST_ENGINE}`, { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let dir: string;
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const jinguan = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  const count = async (query: string) => {
    const db = Database.open({ url: database.url });
    try {
      return Number((await sql<{ n: number }>`${sql.raw(query)}`.execute(db.kysely)).rows[0]?.n);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'jinguan-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it('loads a GB18030 code table as a new version and audits it', async () => {
    const bytes = encodeGb18030('code,name\n0110,一般贸易\n9610,跨境贸易电子商务\n');
    const table = file('trade-modes.csv', bytes);
    const result = await jinguan('import', 'codeset', 'tradeMode', table, '--effective', '2026-09-01');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('tradeMode: version');
    expect(result.stdout).toContain('2 code(s), in force from 2026-09-01');
    const stored = await count(
      "SELECT COUNT(*) AS n FROM reference_code c JOIN reference_code_set_version v ON v.id = c.version_id WHERE v.effective_from = '2026-09-01' AND c.name_zh = '一般贸易'",
    );
    expect(stored).toBe(1);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_record WHERE action = 'reference.codeset.import'"),
    ).toBe(1);
  });

  it('refuses a bad file with every row and column named, and changes nothing', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM reference_code_set_version');
    const bad = file('bad.csv', 'code,name,iso\n50,美元,USD\n502,,usd\n');
    const result = await jinguan('import', 'codeset', 'currency', bad, '--effective', '2026-10-01');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The file');
    expect(result.stderr).toContain('has 3 problem(s); nothing was imported');
    expect(result.stderr).toContain('row 2.code: must match the format');
    expect(result.stderr).toContain('row 3.name_zh: is required');
    expect(result.stderr).toContain('row 3.iso: must match the format');
    expect(await count('SELECT COUNT(*) AS n FROM reference_code_set_version')).toBe(before);
  });

  it('loads a tariff schedule and monthly rates', async () => {
    const tariff = file(
      'tariff.csv',
      'hs_code,kind,form,ad_valorem_percent,effective_from\n09011100,mfn,ad_valorem,8,2026-01-01\n09011100,vat,ad_valorem,9,2026-01-01\n',
    );
    const rates = file('rates.csv', 'currency,month,rate\nUSD,2026-01,7.1\n');
    expect((await jinguan('import', 'tariff', tariff)).stdout).toContain('tariff: 2 rate(s) loaded');
    expect((await jinguan('import', 'rates', rates)).stdout).toContain('exchange rates: 1 loaded');
    expect(await count('SELECT COUNT(*) AS n FROM tariff_rate')).toBe(2);
  });

  it('says so when the file cannot be read', async () => {
    const missing = await jinguan('import', 'rates', join(dir, 'nowhere.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read the file');
  });
});

/** GB18030 bytes of a string (Node decodes GB18030 but has no encoder; iconv is not needed for a test). */
function encodeGb18030(text: string): Buffer {
  // Every character used above is in GB2312, so map each through a decoder-built table.
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0xb0; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) table.set(decoder.decode(Uint8Array.of(hi, lo)), [hi, lo]);
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`not in GB2312: ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}
