import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts a TypeScript server script as a child process; it prints `READY <port>` when it listens.
 * `BENCH_CHILD_NODE_ARGS` adds Node flags to the child (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export async function startChild(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [...SERVING_NODE_ARGS, ...nodeArgs(), '--import', 'tsx', script, ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /READY (\d+)/.exec(buffered);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, port };
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// The server's own Node flags (server/bin/jinguan.js, `npm start`), so the bench measures it as it runs.
const SERVING_NODE_ARGS = ['--max-semi-space-size=32'];

function nodeArgs(): string[] {
  return (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}
