import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { AppError, type Issue } from '../errors/index.ts';

/** An error as it crosses from a thread: an AppError keeps its code, status, params and issues. */
type ThreadError =
  | { app: { code: string; status: number; params: Record<string, unknown>; details?: Issue[] } }
  | { message: string; stack?: string };

type Reply = { id: number; value: unknown } | { id: number; error: ThreadError };

// The project runs TypeScript through tsx (docs/adr/0001); a worker thread registers it itself
// before it imports its script, whatever loaded the parent (CLI, test runner). tsx's ESM API, by
// its package's exports map (require.resolve would answer the CommonJS build).
const TSX_ESM_API = (() => {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: { './esm/api': { import: { default: string } } };
  };
  return new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
})();
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.script); });
`;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

/**
 * A fixed set of worker threads running one script (made with `serveThread`), for CPU-heavy pure
 * work that would otherwise hold the request thread: each `run` goes to the thread with the fewest
 * jobs waiting. Threads start on first use and do not keep the process alive; one that dies fails
 * its jobs (503 COMMON.UNAVAILABLE, the cause attached; 500 when its reply could not be read) and
 * is replaced on the next `run`.
 */
export class ThreadPool<In, Out> {
  private readonly slots: (Slot | undefined)[];
  private nextId = 1;
  private closed = false;

  /** `init` reaches every thread's handler beside each job (structured-cloned once per thread). */
  constructor(
    private readonly script: URL,
    readonly size: number,
    private readonly init?: unknown,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ThreadPool size must be ≥ 1 (got ${size})`);
    this.slots = Array.from({ length: size }, () => undefined);
  }

  run(input: In): Promise<Out> {
    if (this.closed) return Promise.reject(new AppError('HTTP.SHUTTING_DOWN', 503));
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise<Out>((resolve, reject) => {
      // A thread keeps the process alive only while it has work.
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        slot.worker.postMessage({ id, input });
      } catch (error) {
        // An input that cannot be cloned never reached the thread: the job is forgotten again.
        slot.pending.delete(id);
        if (slot.pending.size === 0) slot.worker.unref();
        reject(error);
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot?.worker.terminate()));
  }

  private pick(): Slot {
    let best: Slot | undefined;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i] ?? this.start(i);
      this.slots[i] = slot;
      if (!best || slot.pending.size < best.pending.size) best = slot;
      if (slot.pending.size === 0) break;
    }
    return best!;
  }

  private start(index: number): Slot {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { tsx: TSX_ESM_API, script: this.script.href, init: this.init },
    });
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    // A thread that died fails its jobs with 503: each job changed nothing outside the thread, and
    // most of them were not the cause, so the caller may send again. The cause is kept for the log.
    const fail = (cause: Error, error = new AppError('COMMON.UNAVAILABLE', 503)) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      error.cause = cause;
      for (const job of slot.pending.values()) job.reject(error);
      slot.pending.clear();
    };
    worker.on('message', (reply: Reply) => {
      const job = slot.pending.get(reply.id);
      if (!job) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if ('error' in reply) job.reject(revive(reply.error));
      else job.resolve(reply.value);
    });
    worker.on('error', fail);
    // A reply that cannot be deserialized names no job: the thread's jobs fail and it is replaced.
    // The same input would fail the same way, so this one is a 500, not a 503 to send again.
    worker.on('messageerror', (error) => {
      fail(error, new AppError('COMMON.INTERNAL', 500));
      void worker.terminate();
    });
    worker.on('exit', (code) => fail(new Error(`worker thread exited (code ${code})`)));
    return slot;
  }
}

/** The body of a pool's script: answers each job with `handle(input, init)`, or the error it threw. */
export function serveThread<In, Out, Init = undefined>(handle: (input: In, init: Init) => Out): void {
  if (isMainThread || !parentPort) throw new Error('serveThread runs in a worker thread');
  const port = parentPort;
  const init = (workerData as { init: Init }).init;
  port.on('message', ({ id, input }: { id: number; input: In }) => {
    let reply: Reply;
    try {
      const value = handle(input, init);
      if (value instanceof Promise) throw new Error('serveThread handlers are synchronous');
      reply = { id, value };
    } catch (error) {
      reply = { id, error: flatten(error) };
    }
    try {
      port.postMessage(reply);
    } catch (error) {
      // A value that cannot be cloned: the job fails (the same input would fail again), the thread lives.
      port.postMessage({ id, error: flatten(error) } satisfies Reply);
    }
  });
}

function flatten(error: unknown): ThreadError {
  if (error instanceof AppError)
    return {
      app: {
        code: error.code,
        status: error.status,
        params: error.params,
        ...(error.details ? { details: error.details } : {}),
      },
    };
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

function revive(error: ThreadError): Error {
  if ('app' in error)
    return new AppError(error.app.code, error.app.status, error.app.params, error.app.details);
  const revived = new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}
