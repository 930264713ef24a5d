import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApiKeySecret } from '../src/cli/demo/identity.demo.ts';
import type { Access, Actor, Principal } from '../src/platform/identity/index.ts';
import { loginAs } from './helpers/auth.ts';
import { CLEARANCE_FIXTURES } from './helpers/clearance-fixtures.ts';
import { CREDIT_FIXTURES, CREDIT_UNSCOPED } from './helpers/credit-fixtures.ts';
import { TEST_ENGINE } from './helpers/database.ts';
import { seedDemoAccounts } from './helpers/demo.ts';
import { ECOMMERCE_FIXTURES } from './helpers/ecommerce-fixtures.ts';
import { createTestPlatform, type TestPlatform } from './helpers/platform.ts';

/**
 * The generated access matrix: every route of the OpenAPI document, called by every kind of
 * principal, answers as its declared access rule says. New routes are picked up by themselves;
 * a route with path parameters must say how its records are scoped (a fixture below) or why
 * they are not.
 */

// Routes whose records are not owned by a district or an enterprise, and why.
const UNSCOPED: Record<string, string> = {
  'GET /api/v1/identity/users/:id': 'accounts are managed centrally by administrators',
  'POST /api/v1/identity/users/:id/password': 'accounts are managed centrally by administrators',
  'POST /api/v1/identity/users/:id/disable': 'accounts are managed centrally by administrators',
  'POST /api/v1/identity/users/:id/enable': 'accounts are managed centrally by administrators',
  'PUT /api/v1/identity/users/:id/roles': 'accounts are managed centrally by administrators',
  'POST /api/v1/exchange/dead-letters/:id/redeliver':
    'webhook deliveries are platform plumbing, operated centrally by system administrators',
  'POST /api/v1/identity/users/:id/totp-reset': 'accounts are managed centrally by administrators',
  'POST /api/v1/risk/packs/:code/versions': 'rule packs are national, managed by risk analysts',
  'GET /api/v1/risk/packs/:code/versions/:version': 'rule packs are national, managed by risk analysts',
  'POST /api/v1/risk/packs/:code/versions/:version/tryout':
    'rule packs are national, managed by risk analysts',
  'POST /api/v1/risk/packs/:code/versions/:version/activate':
    'rule packs are national, managed by risk analysts',
  'GET /api/v1/risk/packs/:code/in-force': 'rule packs are national, managed by risk analysts',
};

interface Caller {
  name: string;
  headers: Record<string, string>;
  principal: Actor;
}

// A record owned by the first enterprise (3120980001, district 2200): who must get 404, who must not.
interface ScopeFixture {
  create(platform: TestPlatform): Promise<Record<string, string>>;
  /** Sent with POST/PUT/PATCH, so that validation passes and scope decides. */
  body?: object;
  query?: string;
  rawBody?: { contentType: string; bytes: Buffer };
  outsideScope: string[];
  inScope: string[];
}

const FIXTURES: Record<string, ScopeFixture> = {
  'DELETE /api/v1/identity/api-keys/:id': {
    async create(platform) {
      const { apiKey } = await platform.identity.users.issueApiKey(
        { kind: 'operator', name: 'matrix' },
        { enterpriseCode: '3120980001', name: 'matrix', scopes: [] },
      );
      return { id: apiKey.id };
    },
    outsideScope: ['gzshop.manager'],
    inScope: ['shtrade.manager'],
  },
  'DELETE /api/v1/exchange/webhooks/:id': {
    async create(platform) {
      const webhook = await platform.exchange.webhooks.createWebhook(
        { kind: 'system', apiKeyId: 'matrix', enterpriseCode: '3120980001', scopes: [] },
        { url: 'https://hooks.example.com/matrix' },
      );
      return { id: webhook.id };
    },
    outsideScope: ['gzshop.manager'],
    inScope: ['shtrade.manager'],
  },
};

// A risk decision on a declaration of 3120980001 in Shanghai (2200).
const riskDecision: ScopeFixture = {
  async create(platform) {
    const decision = await platform.risk.assess({
      kind: 'declaration',
      id: `matrix-${Date.now()}`,
      declaredAt: new Date().toISOString(),
      district: '2200',
      enterpriseCode: '3120980001',
      creditLevel: 'general',
      targetInspectionRate: '0.01',
      ieFlag: 'I',
      tradeMode: '0110',
      transportMode: '2',
      tradeCountry: 'USA',
      totalValueCny: '100.00',
      items: [],
    });
    return { id: decision.id };
  },
  outsideScope: ['gz.risk-analyst'],
  inScope: ['sh.risk-analyst'],
};
FIXTURES['GET /api/v1/risk/decisions/:id'] = riskDecision;
FIXTURES['GET /api/v1/risk/decisions/:id/sampling-check'] = riskDecision;

Object.assign(FIXTURES, CREDIT_FIXTURES, CLEARANCE_FIXTURES, ECOMMERCE_FIXTURES);
Object.assign(UNSCOPED, CREDIT_UNSCOPED);

const USERS = [
  'shtrade.declarant',
  'shtrade.manager',
  'gzshop.manager',
  'gzshop.declarant',
  'sh.reviewer',
  'gz.reviewer',
  'gz.inspector',
  'pudong.reviewer',
  'pudong.inspector',
  'sh.inspector',
  'sh.tax-officer',
  'sh.risk-analyst',
  'gz.risk-analyst',
  'sh.command-officer',
  'sh.case-officer',
  'sh.statistician',
  'sh.auditor',
  'sh.security-admin',
  'sh.system-admin',
  'hq.reviewer',
];

function fillPath(url: string, params: Record<string, string> = {}): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? '000000000000000000000000');
}

function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

describe(`access matrix on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  const callers: Caller[] = [];

  beforeAll(async () => {
    platform = await createTestPlatform();
    await seedDemoAccounts(platform, platform.identity.policy.listSystemScopes());
    await platform.tariff.service.loadSample(); // declarations are valued and assessed on the sample schedule
    await platform.app.ready();
    callers.push({ name: 'public', headers: {}, principal: { kind: 'public' } });
    for (const username of USERS) {
      const headers = await loginAs(platform.app, username);
      const me = await platform.app.inject({ url: '/api/v1/auth/me', headers });
      callers.push({ name: username, headers, principal: me.json() as Principal });
    }
    const key = `jgk_${(await platform.identity.users.listApiKeys({ kind: 'operator', name: 'x' })).find((k) => k.enterpriseCode === '3120980001')!.id}.${demoApiKeySecret('shtrade')}`;
    const me = await platform.app.inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } });
    callers.push({
      name: 'shtrade.apikey',
      headers: { 'x-api-key': key },
      principal: me.json() as Principal,
    });
  });
  afterAll(() => platform.close());

  function routes() {
    return platform.identity.routes
      .filter((r) => r.method !== 'HEAD')
      .sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
  }

  it('every operation of the OpenAPI document has a declared access rule', async () => {
    const doc = (await platform.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const declared = new Set(routes().map((r) => `${r.method} ${openApiPath(r.url)}`));
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((op) => !declared.has(op))).toEqual([]);
  });

  it('answers 404, never 403, for records outside the caller scope', async () => {
    const missing: string[] = [];
    for (const route of routes()) {
      if (!route.url.includes(':') || route.access === 'public') continue;
      const key = `${route.method} ${route.url}`;
      const fixture = FIXTURES[key];
      if (!fixture) {
        if (!UNSCOPED[key]) missing.push(key);
        continue;
      }
      const params = await fixture.create(platform);
      for (const name of [...fixture.outsideScope, ...fixture.inScope]) {
        const caller = callers.find((c) => c.name === name)!;
        const response = await platform.app.inject({
          method: route.method as 'GET',
          url: fillPath(route.url, params) + (fixture.query ?? ''),
          headers: fixture.rawBody
            ? { ...caller.headers, 'content-type': fixture.rawBody.contentType }
            : caller.headers,
          ...(fixture.body ? { payload: fixture.body } : {}),
          ...(fixture.rawBody ? { payload: fixture.rawBody.bytes } : {}),
        });
        const outside = fixture.outsideScope.includes(name);
        expect(response.statusCode, `${key} as ${name}`).toSatisfy((s: number) =>
          outside ? s === 404 : s !== 404 && s < 500,
        );
      }
    }
    expect(missing, 'routes with path parameters need a scope fixture or an UNSCOPED reason').toEqual([]);
  });

  // Last: the walk ends with logout, which ends every caller's session.
  it('answers every caller of every route as the route declares', async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      for (const caller of callers) {
        const response = await platform.app.inject({
          method: route.method as 'GET',
          url: fillPath(route.url),
          headers: caller.headers,
          ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}),
        });
        const expected = expectation(route.access, caller);
        if (!expected(response.statusCode)) {
          wrong.push(
            `${route.method} ${route.url} as ${caller.name}: ${response.statusCode} ${response.body.slice(0, 120)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  function expectation(access: Access, caller: Caller): (status: number) => boolean {
    const denied = (s: number) => s === 401 || s === 403;
    if (access === 'public') return (s) => !denied(s) && s < 500;
    if (caller.principal.kind === 'public') return (s) => s === 401;
    if (access === 'authenticated') {
      // Some self-service routes (TOTP) are for people, not API keys.
      return caller.principal.kind === 'system' ? (s) => s !== 401 && s < 500 : (s) => !denied(s) && s < 500;
    }
    const holds = platform.identity.policy.allows(caller.principal, access.permission);
    return holds ? (s) => !denied(s) && s < 500 : (s) => s === 403;
  }
});
