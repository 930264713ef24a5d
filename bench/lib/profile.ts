import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * A CPU profile of the measured replay only (not the seeding or the warm-up): started when the
 * stages are reset, written to `path` when they are read. No-op when `path` is undefined
 * (set `BENCH_CPU_PROFILE=/tmp/replay.cpuprofile`; open it in Chrome DevTools).
 */
export function replayProfiler(path: string | undefined) {
  let session: Session | undefined;
  return {
    async start() {
      if (!path || session) return;
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    },
    async stop() {
      if (!session || !path) return;
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
    },
  };
}
