import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
}

/**
 * Sends `total` requests from `concurrency` keep-alive clients and measures each at the client.
 * Bounded by count, so it always stops by itself.
 */
export async function runLoad(options: {
  url: string;
  method?: 'GET' | 'POST';
  body?: (i: number) => string;
  total: number;
  concurrency: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;

  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const payload = options.body?.(i);
      const started = process.hrtime.bigint();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: options.method ?? 'GET',
          headers: {
            ...options.headers,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
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
      if (payload) req.write(payload);
      req.end();
    });

  const worker = async () => {
    while (next < options.total) {
      const i = next++;
      await one(i);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latenciesMs.sort((a, b) => a - b);
  return { requests: options.total, errors, seconds, perSecond: options.total / seconds, latenciesMs };
}
