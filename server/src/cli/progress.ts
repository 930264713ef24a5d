import { SingleBar } from 'cli-progress';

export interface Progress {
  increment(by?: number): void;
  stop(): void;
}

/** A progress bar on a terminal; plain lines every 10% otherwise (CI logs, pipes). */
export function createProgress(label: string, total: number, stream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}`,
      stream,
      hideCursor: true,
    });
    bar.start(total, 0);
    return { increment: (by = 1) => bar.increment(by), stop: () => bar.stop() };
  }
  let done = 0;
  let printedTenth = 0;
  return {
    increment(by = 1) {
      done += by;
      const tenth = total > 0 ? Math.min(10, Math.floor((done * 10) / total)) : 10;
      if (tenth > printedTenth) {
        printedTenth = tenth;
        stream.write(`${label}: ${done}/${total} (${tenth * 10}%)\n`);
      }
    },
    stop() {
      if (printedTenth < 10) stream.write(`${label}: ${done}/${total} done\n`);
    },
  };
}
