import { describe, expect, it } from 'vitest';
import { timeOrderedHexId, uuidv7 } from './ids.ts';

describe('time-ordered ids', () => {
  it('makes RFC 9562 version 7 UUIDs, unique and in creation order', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The first 48 bits are the time of creation.
    const ms = Number.parseInt(ids.at(-1)!.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(5_000);
  });

  it('makes 24-hex ids that sort by their millisecond', async () => {
    const first = timeOrderedHexId();
    await new Promise((resolve) => setTimeout(resolve, 3));
    const ids = Array.from({ length: 1000 }, () => timeOrderedHexId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id > first).toBe(true);
  });
});
