import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/main.ts';
import { Database, runDdl } from '../src/platform/db/index.ts';
import { TEST_ENGINE } from './helpers/database.ts';
import { createTestPlatform, type TestPlatform } from './helpers/platform.ts';

describe(`graceful shutdown on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform | undefined;
  afterEach(async () => {
    await platform?.database.drop();
    platform = undefined;
  });

  it('finishes in-flight requests and the outbox batch in progress, then refuses new connections', async () => {
    platform = await createTestPlatform({ PORT: '0', HOST: '127.0.0.1' });
    const { app, db, outbox } = platform;
    await runDdl(db.kysely, 'CREATE TABLE test_effect (name TEXT NOT NULL)');
    let handlerStarted: () => void = () => {};
    const handlerRunning = new Promise<void>((resolve) => {
      handlerStarted = resolve;
    });
    outbox.subscribe({
      name: 'slow',
      async handle(_event, tx) {
        handlerStarted();
        await new Promise((r) => setTimeout(r, 300));
        await sql`INSERT INTO test_effect (name) VALUES ('delivered')`.execute(tx);
      },
    });
    app.get('/api/v1/test/slow', { config: { access: 'public' } }, async () => {
      await db.transaction((tx) => outbox.append(tx, { type: 'test.slow', aggregateId: '1', payload: {} }));
      await new Promise((r) => setTimeout(r, 300));
      return { done: true };
    });

    const { stop, url } = await startServer(platform);
    const inFlight = fetch(`${url}/api/v1/test/slow`);
    await handlerRunning; // the request appended an event and the dispatcher is delivering it
    const stopped = stop();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await stopped;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    // The batch that was running when the stop began committed its effect.
    const reopened = Database.open({ url: platform.database.url });
    const rows = await sql<{ name: string }>`SELECT name FROM test_effect`.execute(reopened.kysely);
    expect(rows.rows).toEqual([{ name: 'delivered' }]);
    await reopened.close();
  });
});
