// The script of thread-pool.test.ts's pool: echoes, fails as asked, or ends its thread.
import { threadId } from 'node:worker_threads';
import { AppError } from '../errors/index.ts';
import { serveThread } from './thread-pool.ts';

type Job =
  | { echo: string }
  | { fail: 'app' | 'plain' }
  | { exit: true }
  | { spin: number }
  | { uncloneable: true };

serveThread((job: Job) => {
  if ('echo' in job) return { echo: job.echo, threadId };
  if ('spin' in job) {
    const until = Date.now() + job.spin;
    while (Date.now() < until);
    return { threadId };
  }
  if ('exit' in job) process.exit(3);
  if ('uncloneable' in job) return { threadId, answer: () => 'a function cannot be cloned' };
  if (job.fail === 'app')
    throw new AppError('EXCHANGE.XML_INVALID', 400, { count: 1 }, [{ path: '/a/b', rule: 'required' }]);
  throw new TypeError('plain failure');
});
