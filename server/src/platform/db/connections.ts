import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

// Connection details shared by the engines' setup in database.ts.

/**
 * Kysely prepares every query afresh; preparing costs as much as running a small query. The same
 * SQL text gets the same prepared statement (the connection runs one statement at a time). Texts
 * vary with the length of IN and VALUES lists, so the cache keeps the `limit` most recently used
 * statements rather than growing without end or being dropped whole.
 */
export function withStatementCache(handle: SqliteDatabase.Database, limit = 2000): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = handle.prepare.bind(handle);
  const cached = (source: string) => {
    let statement = cache.get(source);
    if (statement) {
      // Map keeps insertion order: moved to the end, the first entry is the least recently used.
      cache.delete(source);
    } else {
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      statement = prepare(source);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(handle, {
    get(target, property, receiver) {
      return property === 'prepare' ? cached : Reflect.get(target, property, receiver);
    },
  });
}

export function sqliteFile(url: string): string {
  if (url === ':memory:' || url === 'sqlite::memory:') return ':memory:';
  if (url.startsWith('sqlite://')) return url.slice('sqlite://'.length);
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  return url;
}

export function sqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bulkInsert: bad identifier ${name}`);
}

// PostgreSQL values come back in the same shapes as SQLite's: timestamps as ISO strings,
// dates as YYYY-MM-DD, JSON as text, 64-bit integers as numbers, NUMERIC as strings.
const OID = { int8: 20, json: 114, jsonb: 3802, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

export function portableTypeParser(oid: number, format?: string): (value: string) => unknown {
  switch (oid) {
    case OID.int8:
      return (value) => Number(value);
    case OID.json:
    case OID.jsonb:
    case OID.date:
      return (value) => value;
    case OID.timestamp:
      return (value) => new Date(`${value.replace(' ', 'T')}Z`).toISOString();
    case OID.timestamptz:
      return (value) => new Date(value).toISOString();
    default:
      return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
  }
}
