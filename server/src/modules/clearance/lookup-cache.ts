/**
 * A small time-limited cache of async lookups. Used for what changes rarely (a month's exchange
 * rate, an enterprise's measures for a day) so that a declaration's write transaction does not
 * wait on reads it already made a moment ago.
 */
export class LookupCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, { at: now, value });
    // A failed lookup is not remembered: the next caller tries again.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
