// Worker threads for CPU-heavy pure work (parsing inbound messages) off the request thread.
export { serveThread, ThreadPool } from './thread-pool.ts';
