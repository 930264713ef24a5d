import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/database.ts';
import { AppError } from '../errors/index.ts';
import { Database } from './database.ts';
import { type MigrationSet, Migrator, runDdl } from './migrator.ts';

const v1: MigrationSet = {
  module: 'demo',
  migrations: [
    {
      id: '0001_create',
      up: (db, t) => runDdl(db, `CREATE TABLE demo_thing (id ${t.serialPk}, name TEXT NOT NULL)`),
    },
  ],
};
const v2: MigrationSet = {
  module: 'demo',
  migrations: [
    ...v1.migrations,
    { id: '0002_add_price', up: (db, t) => runDdl(db, `ALTER TABLE demo_thing ADD COLUMN price ${t.money}`) },
  ],
};

describe(`Migrator on ${TEST_ENGINE}`, () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = Database.open({ url: testDb.url });
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  it('migrates a fresh database and then has nothing left to do', async () => {
    const migrator = new Migrator(db, [v2]);
    expect((await migrator.status()).pending).toEqual(['demo/0001_create', 'demo/0002_add_price']);
    expect(await migrator.migrate()).toEqual(['demo/0001_create', 'demo/0002_add_price']);
    expect(await migrator.migrate()).toEqual([]);
    await sql`INSERT INTO demo_thing (name, price) VALUES ('x', '1.50')`.execute(db.kysely);
  });

  it('applies only the new migration to a database at an older version', async () => {
    await new Migrator(db, [v1]).migrate();
    await sql`INSERT INTO demo_thing (name) VALUES ('kept')`.execute(db.kysely);
    expect(await new Migrator(db, [v2]).migrate()).toEqual(['demo/0002_add_price']);
    const rows = await sql<{ name: string }>`SELECT name FROM demo_thing`.execute(db.kysely);
    expect(rows.rows.map((r) => r.name)).toEqual(['kept']);
  });

  it('refuses a database migrated by a newer version, naming the unknown migration, and changes nothing', async () => {
    await new Migrator(db, [v2]).migrate();
    const older = new Migrator(db, [v1]);
    const error = await older.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DB.NEWER_SCHEMA');
    expect((error as AppError).params).toEqual({ migration: 'demo/0002_add_price' });
    expect((await older.status()).unknown).toEqual(['demo/0002_add_price']);
  });

  it('leaves no trace of a migration that fails', async () => {
    const broken: MigrationSet = {
      module: 'demo',
      migrations: [
        ...v1.migrations,
        {
          id: '0002_broken',
          async up(tx, t) {
            await runDdl(tx, `CREATE TABLE demo_other (id ${t.serialPk})`);
            await runDdl(tx, 'THIS IS NOT SQL');
          },
        },
      ],
    };
    const migrator = new Migrator(db, [broken]);
    await expect(migrator.migrate()).rejects.toThrow();
    expect((await migrator.status()).pending).toEqual(['demo/0002_broken']);
    await expect(sql`SELECT * FROM demo_other`.execute(db.kysely)).rejects.toThrow();
  });

  it('refuses two migrations with the same key', () => {
    expect(() => new Migrator(db, [v1, v1])).toThrow(/defined twice/);
  });
});
