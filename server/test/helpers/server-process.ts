import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** A real `jinguan serve` process. */
export interface ServerProcess {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** SIGKILL: no shutdown hook runs, in-flight transactions die with it. Resolves once it is gone. */
  kill(): Promise<void>;
  /** What it logged at warn and above, and its stderr (the tail), for failure messages. */
  log(): string;
}

/**
 * Starts `jinguan serve` (migrate, then listen on a free port of 127.0.0.1) as a child process on the
 * given DATABASE_URL, and answers once it listens. Should the test process exit first, it is killed.
 */
export async function startServeProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-semi-space-size=32', '--import', 'tsx', 'src/cli/index.ts', 'serve'],
    {
      cwd: SERVER_DIR,
      // info, because that is the level of the line that names the port PORT=0 picked.
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    });
  });
  let tail = '';
  const keep = (line: string) => {
    tail = `${tail}${line}\n`.slice(-8000);
  };
  createInterface({ input: child.stderr! }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jinguan serve did not listen within ${START_TIMEOUT_MS} ms:\n${tail}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`jinguan serve exited (${code ?? signal}) before listening:\n${tail}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /listening on (http:\/\/[\d.]+:\d+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
      // pino levels: 40 warn, 50 error, 60 fatal.
      if (!line.startsWith('{') || /"level":[4-6]\d/.test(line)) keep(line);
    });
  });
  return {
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    log: () => tail,
  };
}
