import { readFileSync } from 'node:fs';

/** A customs district: 0000 headquarters → XX00 directly-affiliated customs → XXnn subordinate customs. */
export interface District {
  code: string;
  name: string;
  parent: string | null;
}

// Seeded from the 关区代码 list in shared/standards (JGS/T 18); the reference data's versioned
// code set supersedes it for validation of documents, this tree only scopes principals.
const SEED: District[] = JSON.parse(readFileSync(new URL('./districts.json', import.meta.url), 'utf8'));

/** The district tree; an officer of a district sees its whole subtree. */
export class DistrictTree {
  private readonly byCode = new Map<string, District>();

  constructor(districts: readonly District[] = SEED) {
    for (const district of districts) this.byCode.set(district.code, district);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): District | undefined {
    return this.byCode.get(code);
  }

  list(): District[] {
    return [...this.byCode.values()];
  }

  /** True when `code` is `ancestor` or lies below it. */
  contains(ancestor: string, code: string): boolean {
    for (let current: string | null | undefined = code; current; current = this.byCode.get(current)?.parent) {
      if (current === ancestor) return true;
    }
    return false;
  }
}

/** The level of a district code by its shape: HQ, directly-affiliated customs, or subordinate customs. */
export function districtLevel(code: string): 'hq' | 'customs' | 'office' {
  if (code === '0000') return 'hq';
  return code.endsWith('00') ? 'customs' : 'office';
}
