import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BenchArgs } from './args.ts';

/** A fresh database for one run: a temp SQLite file, or a new PostgreSQL database (dropped afterwards). */
export async function freshDatabase(
  args: BenchArgs,
  label = 'bench',
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (args.engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jinguan-bench-'));
    return { url: join(dir, 'bench.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `jinguan_${label}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: args.postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(args.postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: args.postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
