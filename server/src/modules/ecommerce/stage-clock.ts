/** Where the gateway's time goes, per stage, summed since the process started (bench and /metrics). */
export class StageClock {
  private readonly totals = new Map<string, number>();

  add(stage: string, startedNs: bigint): bigint {
    const now = process.hrtime.bigint();
    this.totals.set(stage, (this.totals.get(stage) ?? 0) + Number(now - startedNs) / 1e6);
    return now;
  }

  /** Milliseconds per stage. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.totals);
  }

  reset(): void {
    this.totals.clear();
  }
}

/** The process's e-commerce stage clock: check, match (三单比对 and decisions), write (the rest of the transaction). */
export const ecommerceStages = new StageClock();
