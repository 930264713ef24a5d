import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { runDdl } from '../db/index.ts';
import { AppError } from '../errors/index.ts';

const NoteSchema = z.strictObject({
  title: z.string().min(1).max(10),
  amount: z.string().regex(/^\d+(\.\d{1,2})?$/),
  kind: z.enum(['a', 'b']),
  lines: z.array(z.strictObject({ qty: z.number().int().positive() })).max(3),
});

describe(`HTTP error envelope on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;

  const countNotes = async () =>
    Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM test_note`.execute(platform.db.kysely)).rows[0]?.n,
    );

  beforeAll(async () => {
    platform = await createTestPlatform({ BODY_LIMIT_BYTES: '2048' });
    await runDdl(platform.db.kysely, 'CREATE TABLE test_note (title TEXT NOT NULL)');
    const { app, db } = platform;
    app.post(
      '/api/v1/test/notes',
      {
        schema: { body: NoteSchema, response: { 201: z.object({ title: z.string() }) } },
        config: { access: 'public' },
      },
      async (request, reply) => {
        await db.transaction(async (tx) => {
          await sql`INSERT INTO test_note (title) VALUES (${request.body.title})`.execute(tx);
        });
        return reply.code(201).send({ title: request.body.title });
      },
    );
    app.get('/api/v1/test/boom', { config: { access: 'public' } }, async () => {
      throw new Error('secret internals at /srv/x.ts:12');
    });
    app.get('/api/v1/test/conflict', { config: { access: 'public' } }, async () => {
      throw new AppError('HTTP.BAD_REQUEST', 409, { reason: 'already there' });
    });
    app.get('/api/v1/test/unavailable', { config: { access: 'public' } }, async () => {
      throw new AppError('COMMON.UNAVAILABLE', 503);
    });
    app.get('/api/v1/test/locked', { config: { access: 'public' } }, async () => {
      throw new AppError('IDENTITY.LOCKED', 429, { retryAfterSeconds: 120 });
    });
    await app.ready();
  });
  afterAll(() => platform.close());

  const valid = { title: 'ok', amount: '12.50', kind: 'a', lines: [{ qty: 1 }] };
  const post = (payload: string | object, headers: Record<string, string> = {}) =>
    platform.app.inject({
      method: 'POST',
      url: '/api/v1/test/notes',
      headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('accepts a valid body', async () => {
    const response = await post(valid);
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it.each([
    ['malformed JSON', '{"title": "x",', {}, 400, 'HTTP.INVALID_JSON'],
    ['an empty JSON body', '', {}, 400, 'HTTP.EMPTY_BODY'],
    [
      'a body of the wrong content type',
      'title=x',
      { 'content-type': 'text/plain' },
      415,
      'HTTP.UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a form body',
      'title=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'HTTP.UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an oversize body',
      JSON.stringify({ ...valid, title: 'x'.repeat(5000) }),
      {},
      413,
      'HTTP.BODY_TOO_LARGE',
    ],
  ])('answers %s with the envelope and changes nothing', async (_name, payload, headers, status, code) => {
    const before = await countNotes();
    const response = await post(payload, headers);
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.code).toBe(code);
    expect(typeof body.message).toBe('string');
    expect(body.requestId).toBe(response.headers['x-request-id']);
    expect(await countNotes()).toBe(before);
  });

  it('lists every validation issue with its field path and rule, and changes nothing', async () => {
    const before = await countNotes();
    const response = await post({
      title: 'much too long a title',
      amount: '1.234',
      kind: 'z',
      lines: [{ qty: 0 }, { qty: 'two' }, { qty: 1, extra: true }],
      unknown: 1,
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('COMMON.VALIDATION');
    const found = body.details.map((d: { path: string; rule: string }) => `${d.path} ${d.rule}`).sort();
    expect(found).toEqual(
      [
        'body.unknown unknown_field',
        'body.amount format',
        'body.kind enum',
        'body.lines[0].qty too_small',
        'body.lines[1].qty type',
        'body.lines[2].extra unknown_field',
        'body.title too_long',
      ].sort(),
    );
    expect(body.message).toBe(`The request has ${body.details.length} problem(s)`);
    expect(await countNotes()).toBe(before);
  });

  it('says which fields are missing', async () => {
    const response = await post({ title: 'x' });
    const body = response.json();
    expect(response.statusCode).toBe(400);
    expect(body.details).toEqual(
      expect.arrayContaining([
        { path: 'body.amount', rule: 'required', message: 'body.amount: is required' },
        { path: 'body.kind', rule: 'required', message: 'body.kind: is required' },
        { path: 'body.lines', rule: 'required', message: 'body.lines: is required' },
      ]),
    );
  });

  it('speaks zh-CN by default and English when asked', async () => {
    const zh = await post({ title: 'x' }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(zh.json().message).toBe('请求有 3 处错误');
    expect(zh.json().details[0].message).toContain('必填');
    expect(zh.headers['content-language']).toBe('zh-CN');
    const en = await post({ title: 'x' }, { 'accept-language': 'en-GB' });
    expect(en.json().message).toBe('The request has 3 problem(s)');
  });

  it('wrong types in the body are 400, never 500', async () => {
    for (const payload of ['[]', '"text"', '42', 'null', '{"title": {"$gt": ""}}']) {
      const response = await post(payload);
      expect(response.statusCode, payload).toBe(400);
      expect(response.json().code, payload).toMatch(/^(COMMON.VALIDATION|HTTP\.)/);
    }
  });

  it('hides an unexpected error behind a generic 500 with the request id', async () => {
    const response = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/test/boom',
      headers: { 'x-request-id': 'req-123', 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      code: 'COMMON.INTERNAL',
      message: 'Internal server error; give the request id to the administrator',
      requestId: 'req-123',
    });
    expect(response.body).not.toContain('secret internals');
  });

  it('passes an AppError status through', async () => {
    const response = await platform.app.inject({ method: 'GET', url: '/api/v1/test/conflict' });
    expect(response.statusCode).toBe(409);
  });

  it('tells the client when to try again: 503 after a moment, 429 when the lock ends', async () => {
    const unavailable = await platform.app.inject({ method: 'GET', url: '/api/v1/test/unavailable' });
    expect([unavailable.statusCode, unavailable.headers['retry-after']]).toEqual([503, '1']);
    const locked = await platform.app.inject({ method: 'GET', url: '/api/v1/test/locked' });
    expect([locked.statusCode, locked.headers['retry-after']]).toEqual([429, '120']);
    const conflict = await platform.app.inject({ method: 'GET', url: '/api/v1/test/conflict' });
    expect(conflict.headers['retry-after']).toBeUndefined();
  });

  it('answers an unknown route with the envelope', async () => {
    const response = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/nowhere?x=1',
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'HTTP.ROUTE_NOT_FOUND',
      message: 'No such endpoint: GET /api/v1/nowhere',
    });
  });
});

describe('health, readiness, metrics and the OpenAPI document', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform({}, { migrate: false });
    await platform.app.ready();
  });
  afterAll(() => platform.close());

  it('is live at once but ready only once migrated', async () => {
    expect((await platform.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const before = await platform.app.inject({ url: '/readyz' });
    expect(before.statusCode).toBe(503);
    expect(before.json().checks).toEqual([
      { name: 'database', ok: true },
      expect.objectContaining({ name: 'migrations', ok: false }),
    ]);
    await platform.migrator.migrate();
    const after = await platform.app.inject({ url: '/readyz' });
    expect(after.statusCode).toBe(200);
    expect(after.json().status).toBe('ready');
  });

  it('counts requests by route for Prometheus', async () => {
    await platform.app.inject({ url: '/healthz' });
    const metrics = await platform.app.inject({ url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(
      /jinguan_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(metrics.body).toContain('jinguan_http_request_duration_seconds_bucket');
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and the docs page', async () => {
    const doc = (await platform.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    expect(doc.paths['/readyz'].get.responses['503']).toBeDefined();
    const docs = await platform.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });
});
