import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import type { OfficerRole } from '../../platform/identity/index.ts';
import { buildSubject } from './risk.fixtures.ts';

const PASSWORD = 'Risk2026analyst';
const reason = { 'zh-CN': '测试原因', en: 'test reason' };
const goodRule = {
  id: 'mode.processing',
  when: { field: 'tradeMode', op: 'in', value: ['0214', '0615'] },
  channel: 'yellow',
  reason,
};

describe(`the risk analysts' API on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let analyst: Record<string, string>;
  let gzAnalyst: Record<string, string>;
  let reviewer: Record<string, string>;

  // Officers made here rather than from the demo seed: enterprises and their users are the
  // access matrix's business, and the routes under test are for officers.
  async function officer(
    username: string,
    district: string,
    role: OfficerRole,
  ): Promise<Record<string, string>> {
    await platform.identity.users.createUser(
      { kind: 'operator', name: 'risk-test' },
      { username, displayName: username, kind: 'officer', district, password: PASSWORD, roles: [role] },
    );
    const login = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
    });
    return { authorization: `Bearer ${login.json().accessToken}` };
  }

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.app.ready();
    analyst = await officer('sh.risk-analyst', '2200', 'risk_analyst');
    gzAnalyst = await officer('gz.risk-analyst', '5100', 'risk_analyst');
    reviewer = await officer('sh.reviewer', '2200', 'reviewer');
  });
  afterAll(() => platform.close());

  const inject = (options: InjectOptions) => platform.app.inject(options);
  const count = async (table: string, where = '1 = 1') =>
    Number(
      (
        await sql<{
          n: number;
        }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(platform.db.kysely)
      ).rows[0]?.n,
    );

  it('lets only risk analysts read and manage packs (403 for other officers, 401 for the public)', async () => {
    for (const [headers, status] of [
      [analyst, 200],
      [reviewer, 403],
      [{}, 401],
    ] as const) {
      expect((await inject({ url: '/api/v1/risk/packs', headers })).statusCode).toBe(status);
    }
    const create = (headers: Record<string, string>) =>
      inject({
        method: 'POST',
        url: '/api/v1/risk/packs/default/versions',
        headers,
        payload: { rules: [goodRule] },
      });
    expect((await create(reviewer)).statusCode).toBe(403);
    expect((await create({})).statusCode).toBe(401);
    const list = (await inject({ url: '/api/v1/risk/packs', headers: analyst })).json();
    expect(list).toMatchObject([
      { code: 'default', versions: [{ version: 1, status: 'active', ruleCount: 8 }] },
    ]);
  });

  it('refuses a bad draft with every bad rule, its path and a message in the caller language, storing nothing', async () => {
    const versions = await count('risk_pack_version');
    const audits = await count('audit_record');
    const bad = {
      rules: [
        goodRule,
        { ...goodRule, when: { field: 'totalValueCny', op: 'gt', value: 'lots' } },
        {
          ...goodRule,
          id: 'r3',
          channel: 'purple',
          when: { items: 'any', where: { field: 'colour', op: 'eq', value: 'x' } },
        },
      ],
    };
    for (const url of ['/api/v1/risk/rules/validate', '/api/v1/risk/packs/default/versions']) {
      const response = await inject({
        method: 'POST',
        url,
        headers: { ...analyst, 'accept-language': 'en' },
        payload: bad,
      });
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.code).toBe('RISK.INVALID_PACK');
      expect(body.message).toBe('The rule pack has 4 problem(s); nothing was stored');
      expect(body.details.map((d: { path: string; rule: string }) => `${d.path} ${d.rule}`)).toEqual([
        'body.rules[1].when.value risk_value',
        'body.rules[1].id risk_duplicate_id',
        'body.rules[2].channel enum',
        'body.rules[2].when.where.field risk_unknown_subject_field',
      ]);
    }
    const zh = await inject({
      method: 'POST',
      url: '/api/v1/risk/rules/validate',
      headers: analyst,
      payload: bad,
    });
    expect(zh.json().message).toBe('规则包有 4 处错误，未保存任何内容');
    expect(await count('risk_pack_version')).toBe(versions);
    expect(await count('audit_record')).toBe(audits);
    const ok = await inject({
      method: 'POST',
      url: '/api/v1/risk/rules/validate',
      headers: analyst,
      payload: { rules: [goodRule] },
    });
    expect(ok.json()).toEqual({ valid: true, ruleCount: 1 });
  });

  it('creates a pack and a draft, tries it out, activates it (audited) and tells which version was in force when', async () => {
    const pack = await inject({
      method: 'POST',
      url: '/api/v1/risk/packs',
      headers: analyst,
      payload: { code: 'processing', nameZh: '加工贸易', nameEn: 'Processing trade' },
    });
    expect(pack.statusCode).toBe(201);
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/v1/risk/packs',
          headers: analyst,
          payload: { code: 'processing', nameZh: 'x', nameEn: 'x' },
        })
      ).statusCode,
    ).toBe(409);

    await platform.risk.assessMany([
      buildSubject({ id: 'P1', tradeMode: '0214' }),
      buildSubject({ id: 'P2', tradeMode: '0615' }),
      buildSubject({ id: 'P3', tradeMode: '0110' }),
    ]);
    const draft = await inject({
      method: 'POST',
      url: '/api/v1/risk/packs/processing/versions',
      headers: analyst,
      payload: { rules: [goodRule], note: 'processing-trade modes to review' },
    });
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({
      pack: 'processing',
      version: 1,
      status: 'draft',
      rules: [goodRule],
    });

    const tryout = await inject({
      method: 'POST',
      url: '/api/v1/risk/packs/processing/versions/1/tryout',
      headers: analyst,
      payload: {},
    });
    expect(tryout.statusCode).toBe(200);
    expect(tryout.json()).toMatchObject({
      decisions: 3,
      changed: 2,
      transitions: [{ from: 'green', to: 'yellow', count: 2 }],
    });

    const before = new Date().toISOString();
    const activated = await inject({
      method: 'POST',
      url: '/api/v1/risk/packs/processing/versions/1/activate',
      headers: analyst,
      payload: {},
    });
    expect(activated.statusCode).toBe(200);
    expect(activated.json()).toMatchObject({ status: 'active', activatedBy: 'sh.risk-analyst' });
    expect(
      await count('audit_record', "action = 'risk.pack_version.activate' AND actor_id = 'sh.risk-analyst'"),
    ).toBe(1);
    expect(await count('audit_record', "action IN ('risk.pack.create', 'risk.pack_version.create')")).toBe(2);

    const inForce = (at: string) =>
      inject({
        url: `/api/v1/risk/packs/processing/in-force?at=${encodeURIComponent(at)}`,
        headers: analyst,
      });
    expect((await inForce('2020-01-01T00:00:00Z')).json().code).toBe('RISK.NONE_IN_FORCE');
    expect((await inForce(new Date(Date.now() + 1000).toISOString())).json()).toMatchObject({ version: 1 });

    const decision = await platform.risk.assess(buildSubject({ id: 'P4', tradeMode: '0214' }));
    expect(decision.packs.map((p) => `${p.pack}@${p.version}`)).toEqual(['default@1', 'processing@1']);
    expect(decision.channel).toBe('yellow');
    expect(decision.assessedAt >= before).toBe(true);
    const again = await inject({
      method: 'POST',
      url: '/api/v1/risk/packs/processing/versions/1/activate',
      headers: analyst,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('shows a decision to analysts of its district only; others get 404 or 403', async () => {
    const decision = await platform.risk.assess(buildSubject({ id: 'SH-1', district: '2201' }));
    const get = (headers: Record<string, string>) =>
      inject({ url: `/api/v1/risk/decisions/${decision.id}`, headers });
    const seen = await get(analyst);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ id: decision.id, subject: { id: 'SH-1' } });
    expect((await get(gzAnalyst)).statusCode).toBe(404);
    expect((await get(reviewer)).statusCode).toBe(403);
    const check = await inject({
      url: `/api/v1/risk/decisions/${decision.id}/sampling-check`,
      headers: analyst,
    });
    expect(check.json()).toMatchObject({ matches: true, recordedDraw: decision.sampling.draw });
  });
});
