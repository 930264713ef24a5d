/** A counting semaphore: at most `size` holders; the others wait in arrival order. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  /**
   * Waits for a slot; after `timeoutMs` fails instead (a transaction opened inside another's body
   * while all slots are held would otherwise wait forever).
   */
  async acquire(timeoutMs = 60_000): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new Error(`no database connection for a transaction within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.push(waiter);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
