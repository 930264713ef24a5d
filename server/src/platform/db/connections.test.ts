import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './connections.ts';

describe('SQLite statement cache', () => {
  it('prepares a text once and keeps the most recently used texts up to its limit', () => {
    const raw = new SqliteDatabase(':memory:');
    let prepared = 0;
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((source: string) => {
      prepared++;
      return prepare(source);
    }) as typeof raw.prepare;
    const db = withStatementCache(raw, 2);
    try {
      const one = db.prepare('SELECT 1');
      expect(db.prepare('SELECT 1')).toBe(one);
      db.prepare('SELECT 2');
      db.prepare('SELECT 1'); // used again: now the most recent
      db.prepare('SELECT 3'); // evicts SELECT 2, the least recently used
      expect(prepared).toBe(3);
      expect(db.prepare('SELECT 1')).toBe(one);
      expect(prepared).toBe(3);
      db.prepare('SELECT 2');
      expect(prepared).toBe(4);
      expect(db.prepare('SELECT 1').get()).toEqual({ 1: 1 });
    } finally {
      raw.close();
    }
  });
});
