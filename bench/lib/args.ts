export interface BenchArgs {
  name: string;
  engine: 'sqlite' | 'postgres';
  n: number | undefined;
  seed: number;
  /** Requests in flight at once (benches that replay over HTTP). */
  concurrency: number | undefined;
  /** postgres admin URL (a fresh database is created beside it) */
  postgresUrl: string;
}

/** `npm run bench -- <name> [--engine sqlite|postgres] [--n <count>] [--seed <int>] [--concurrency <n>]` */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const [name, ...rest] = argv;
  if (!name)
    throw new Error('usage: npm run bench -- <name> [--engine sqlite|postgres] [--n <count>] [--seed <int>]');
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (!flag?.startsWith('--') || value === undefined) throw new Error(`bad argument: ${flag ?? ''}`);
    flags.set(flag.slice(2), value);
  }
  const engine = flags.get('engine') ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine must be sqlite or postgres');
  const n = flags.has('n') ? Number(flags.get('n')) : undefined;
  if (n !== undefined && !(Number.isInteger(n) && n > 0)) throw new Error('--n must be a positive integer');
  const concurrency = flags.has('concurrency') ? Number(flags.get('concurrency')) : undefined;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0))
    throw new Error('--concurrency must be a positive integer');
  return {
    name,
    engine,
    n,
    seed: Number(flags.get('seed') ?? 1),
    concurrency,
    postgresUrl:
      process.env.JINGUAN_BENCH_DATABASE_URL ??
      flags.get('postgres') ??
      'postgres://postgres@127.0.0.1:5432/test',
  };
}
