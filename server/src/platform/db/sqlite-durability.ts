import { closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// How a SQLite commit is made durable without stalling the event loop (ADR 0008): the WAL synced
// on the thread pool, and checkpoints on a worker thread.

/**
 * Makes committed WAL frames durable with fdatasync on libuv's thread pool: callers that ask
 * while a sync is running share the next one, so one fsync serves every commit before it.
 */
export class WalSync {
  syncs = 0;
  private fd: number | undefined;
  private requested = 0;
  private synced = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly path: string) {}

  /** Resolves once every frame written before the call is on disk. */
  async sync(): Promise<void> {
    const target = ++this.requested;
    while (this.synced < target) {
      if (!this.running)
        this.running = this.flush().finally(() => {
          this.running = undefined;
        });
      await this.running;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private async flush(): Promise<void> {
    const upTo = this.requested;
    const fd = this.open();
    if (fd !== undefined) {
      await new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
      this.syncs++;
    }
    this.synced = upTo;
  }

  /** The current WAL file (SQLite may delete and recreate it); undefined when there is none. */
  private open(): number | undefined {
    let inode: number;
    try {
      inode = statSync(this.path).ino;
    } catch {
      this.close();
      return undefined; // no WAL: everything is in the database file, synced by the checkpoint
    }
    if (this.fd !== undefined && fstatSync(this.fd).ino !== inode) this.close();
    this.fd ??= openSync(this.path, 'r');
    return this.fd;
  }
}

/**
 * Runs passive WAL checkpoints on a worker thread with its own connection, so the copy into the
 * database file and its fsyncs never stall the event loop. Started on the first commit; it checks
 * at most every 100 ms and only after commits.
 */
export class Checkpointer {
  private worker: Worker | undefined;
  private failed = false;

  constructor(private readonly file: string) {}

  poke(): void {
    if (this.failed) return;
    if (!this.worker) {
      this.worker = new Worker(CHECKPOINT_WORKER, {
        eval: true,
        workerData: { file: this.file, module: createRequire(import.meta.url).resolve('better-sqlite3') },
      });
      this.worker.unref();
      // The writer's own auto-checkpoint still bounds the WAL if the worker cannot run.
      this.worker.on('error', () => {
        this.failed = true;
      });
    }
    this.worker.postMessage(0);
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let due = false, timer;
parentPort.on('message', () => {
  due = true;
  timer ??= setTimeout(run, 100);
});
function run() {
  timer = undefined;
  if (!due) return;
  due = false;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  timer = setTimeout(run, 100);
}
`;
