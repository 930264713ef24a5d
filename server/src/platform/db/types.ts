import type { Kysely } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** A Kysely with no tables of its own: each repository names its tables with `withTables<T>()`. */
export type NoTables = Record<never, never>;

/** What queries run on: the database itself or an open transaction. */
export type Executor = Kysely<NoTables>;

/** Column types written once, spelled right for each engine (see docs/ARCHITECTURE.md, Storage). */
export interface ColumnTypes {
  /** Auto-incrementing 64-bit primary key. */
  serialPk: string;
  /** 64-bit integer. */
  bigint: string;
  /** Money: decimal string, two decimals (fen). */
  money: string;
  /** Decimal string of any precision (quantities, rates). */
  decimal: string;
  /** A UTC instant, read back as an ISO-8601 string. */
  timestamp: string;
  /** A calendar date, `YYYY-MM-DD`. */
  date: string;
  /** A JSON document, read back as text. */
  json: string;
  /** A flag stored as 0/1 on both engines. */
  flag: string;
  /** Binary data. */
  bytes: string;
}

export const COLUMN_TYPES: Record<Engine, ColumnTypes> = {
  sqlite: {
    serialPk: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    bigint: 'INTEGER',
    money: 'TEXT',
    decimal: 'TEXT',
    timestamp: 'TEXT',
    date: 'TEXT',
    json: 'TEXT',
    flag: 'INTEGER',
    bytes: 'BLOB',
  },
  postgres: {
    serialPk: 'BIGSERIAL PRIMARY KEY',
    bigint: 'BIGINT',
    money: 'NUMERIC(20,2)',
    decimal: 'NUMERIC',
    timestamp: 'TIMESTAMPTZ',
    date: 'DATE',
    json: 'JSONB',
    flag: 'SMALLINT',
    bytes: 'BYTEA',
  },
};
