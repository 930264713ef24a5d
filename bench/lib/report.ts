import { execSync } from 'node:child_process';
import { cpus } from 'node:os';

export interface Figure {
  bench: string;
  engine: string;
  metric: string;
  value: number;
  unit: string;
  n: number;
  /** Requests in flight at once, for replays over HTTP. */
  concurrency?: number;
  limit?: { metric: string; value: number };
  p50_ms?: number | null;
  p99_ms?: number | null;
  rss_mb?: number;
}

let gitRev: string | undefined;
function git(): string {
  if (gitRev === undefined) {
    try {
      gitRev = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      gitRev = 'unknown';
    }
  }
  return gitRev;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Prints one figure as one JSON line on stdout (its fields: README, Checks and benchmarks). */
export function report(figure: Figure): void {
  const line = {
    bench: figure.bench,
    engine: figure.engine,
    metric: figure.metric,
    value: round(figure.value),
    unit: figure.unit,
    n: figure.n,
    ...(figure.concurrency === undefined ? {} : { concurrency: figure.concurrency }),
    limit: figure.limit ? { metric: figure.limit.metric, value: round(figure.limit.value) } : null,
    ratio: figure.limit && figure.limit.value > 0 ? round(figure.value / figure.limit.value, 3) : null,
    p50_ms: figure.p50_ms === undefined || figure.p50_ms === null ? null : round(figure.p50_ms, 3),
    p99_ms: figure.p99_ms === undefined || figure.p99_ms === null ? null : round(figure.p99_ms, 3),
    rss_mb: figure.rss_mb ?? Math.round(process.memoryUsage().rss / 1024 / 1024),
    cpus: cpus().length,
    node: process.version,
    git: git(),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Progress for humans goes to stderr, so stdout stays JSON lines. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
