import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { ThreadPool } from './thread-pool.ts';

const SCRIPT = new URL('./thread-pool.test-worker.ts', import.meta.url);
type Answer = { echo?: string; threadId: number };

describe('ThreadPool', () => {
  let pool: ThreadPool<unknown, Answer> | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('runs a TypeScript script on a worker thread and answers each job', async () => {
    pool = new ThreadPool(SCRIPT, 1);
    const answers = await Promise.all(['a', 'b', 'c'].map((echo) => pool!.run({ echo })));
    expect(answers.map((a) => a.echo)).toEqual(['a', 'b', 'c']);
    expect(answers[0]!.threadId).toBeGreaterThan(0);
  });

  it('gives an AppError back with its code, status, params and issues; other errors as errors', async () => {
    pool = new ThreadPool(SCRIPT, 1);
    const failure = await pool.run({ fail: 'app' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({
      code: 'EXCHANGE.XML_INVALID',
      status: 400,
      params: { count: 1 },
      details: [{ path: '/a/b', rule: 'required' }],
    });
    const plain = await pool.run({ fail: 'plain' }).catch((error: unknown) => error);
    expect(plain).toBeInstanceOf(Error);
    expect(plain).not.toBeInstanceOf(AppError);
    expect((plain as Error).message).toBe('plain failure');
    // The thread goes on after a failed job.
    expect((await pool.run({ echo: 'after' })).echo).toBe('after');
  });

  it('fails the jobs of a thread that dies and replaces it on the next run', async () => {
    pool = new ThreadPool(SCRIPT, 1);
    const first = await pool.run({ echo: 'x' });
    const died = pool.run({ exit: true }).catch((error: unknown) => error);
    const error = (await died) as AppError;
    expect([error.code, error.status]).toEqual(['COMMON.UNAVAILABLE', 503]);
    expect((error.cause as Error).message).toMatch(/exited \(code 3\)/);
    const next = await pool.run({ echo: 'y' });
    expect(next.echo).toBe('y');
    expect(next.threadId).not.toBe(first.threadId);
  });

  it('fails a job whose input or answer cannot be cloned, and goes on with the same thread', async () => {
    pool = new ThreadPool(SCRIPT, 1);
    const first = await pool.run({ echo: 'x' });
    await expect(pool.run({ echo: () => 'not data' })).rejects.toThrow(/could not be cloned/);
    // Nothing is left waiting for it (a waiting job keeps the thread, and so the process, alive).
    const slots = (pool as unknown as { slots: { pending: Map<number, unknown> }[] }).slots;
    expect(slots[0]!.pending.size).toBe(0);
    await expect(pool.run({ uncloneable: true })).rejects.toThrow(/could not be cloned/);
    const next = await pool.run({ echo: 'y' });
    expect(next).toEqual({ echo: 'y', threadId: first.threadId });
  });

  it('spreads jobs over its threads when one is busy', async () => {
    pool = new ThreadPool(SCRIPT, 2);
    const [a, b] = await Promise.all([pool.run({ spin: 200 }), pool.run({ spin: 200 })]);
    expect(a!.threadId).not.toBe(b!.threadId);
  });

  it('refuses work once closed', async () => {
    pool = new ThreadPool(SCRIPT, 1);
    await pool.run({ echo: 'x' });
    await pool.close();
    await expect(pool.run({ echo: 'y' })).rejects.toMatchObject({ code: 'HTTP.SHUTTING_DOWN', status: 503 });
  });
});
