import type { Executor } from '../../platform/db/index.ts';
import { riskRepository } from './risk.repository.ts';
import { type CompiledPack, compilePack } from './rule-evaluation.rules.ts';
import { asRules } from './rule-validation.rules.ts';
import type { SamplingSeed } from './sampling.rules.ts';

interface Activated {
  effectiveFrom: string;
  activatedAt: string;
  compiled: CompiledPack;
}

/** The activated pack versions and the current seed, as the hot path needs them. */
export interface RiskSnapshot {
  seed: SamplingSeed;
  /** The version of each pack in force at an instant (ISO string). */
  inForce(at: string): CompiledPack[];
}

/**
 * Keeps every activated version compiled in memory. Activation and seed rotation in this process
 * invalidate it at commit; other processes' changes show within `refreshMs`. Versions never change
 * once created, so compiled packs are kept across refreshes.
 */
export class PackCache {
  private snapshot: { loadedAt: number; value: RiskSnapshot } | undefined;
  private readonly compiled = new Map<string, CompiledPack>();

  constructor(private readonly refreshMs = 2000) {}

  invalidate(): void {
    this.snapshot = undefined;
  }

  /** Loads through `db`: the caller's transaction when there is one (SQLite has a single connection). */
  async get(db: Executor): Promise<RiskSnapshot> {
    const now = Date.now();
    if (this.snapshot && now - this.snapshot.loadedAt < this.refreshMs) return this.snapshot.value;
    const value = await this.load(db);
    this.snapshot = { loadedAt: now, value };
    return value;
  }

  private async load(db: Executor): Promise<RiskSnapshot> {
    const [rows, seedRow] = await Promise.all([
      riskRepository.listActivated(db),
      riskRepository.currentSeed(db),
    ]);
    const byPack = new Map<string, Activated[]>();
    for (const row of rows) {
      const key = `${row.pack_code}@${row.version}`;
      let compiled = this.compiled.get(key);
      if (!compiled) {
        compiled = compilePack(row.pack_code, Number(row.version), asRules(JSON.parse(row.rules)));
        this.compiled.set(key, compiled);
      }
      const list = byPack.get(row.pack_code) ?? [];
      list.push({ effectiveFrom: row.effective_from!, activatedAt: row.activated_at!, compiled });
      byPack.set(row.pack_code, list);
    }
    // Latest effective first, then latest activation: the first one already effective is in force.
    for (const list of byPack.values())
      list.sort(
        (a, b) =>
          cmp(b.effectiveFrom, a.effectiveFrom) ||
          cmp(b.activatedAt, a.activatedAt) ||
          b.compiled.version - a.compiled.version,
      );
    const packs = [...byPack.keys()].sort();
    return {
      seed: { id: seedRow.id, secret: seedRow.secret },
      inForce(at) {
        const result: CompiledPack[] = [];
        for (const pack of packs) {
          const found = byPack.get(pack)!.find((v) => v.effectiveFrom <= at);
          if (found) result.push(found.compiled);
        }
        return result;
      },
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
