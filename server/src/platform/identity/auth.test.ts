import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedIdentityDemo } from '../../cli/demo/identity.demo.ts';
import type { AppError } from '../errors/index.ts';
import { createIdentity, lockSeconds } from './index.ts';
import { totpCode, totpStep } from './totp.ts';

describe(`authentication on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
    await seedDemoAccounts(platform);
    await platform.app.ready();
  });
  afterAll(() => platform.close());

  const inject = (options: InjectOptions) => platform.app.inject(options);
  const login = (payload: object) =>
    inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'accept-language': 'en' } });

  it('logs in with a password and answers who the caller is', async () => {
    const response = await login({ username: 'sh.reviewer', password: DEMO_PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.principal).toMatchObject({
      kind: 'officer',
      username: 'sh.reviewer',
      district: '2200',
      roles: ['reviewer'],
    });
    const me = await inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect(me.json()).toMatchObject({ kind: 'officer', username: 'sh.reviewer' });
    expect(me.json().sessionId).toBeUndefined();
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await login({ username: 'sh.inspector', password: 'not-the-password1' });
    const unknown = await login({ username: 'nobody.here', password: 'not-the-password1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('IDENTITY.INVALID_CREDENTIALS');
    expect(unknown.json().code).toBe('IDENTITY.INVALID_CREDENTIALS');
    expect(wrong.json().message).toBe(unknown.json().message);
  });

  it('refuses forged, malformed and missing tokens', async () => {
    for (const authorization of ['Bearer abc.def.ghi', 'Basic xyz', 'Bearer']) {
      const response = await inject({ url: '/api/v1/auth/me', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
    }
    expect((await inject({ url: '/api/v1/auth/me' })).json().code).toBe('IDENTITY.UNAUTHENTICATED');
  });

  it('asks administrators for a one-time code, refuses a wrong one and a replayed one', async () => {
    const noCode = await login({ username: 'gz.auditor', password: DEMO_PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('IDENTITY.TOTP_REQUIRED');
    const wrong = await login({ username: 'gz.auditor', password: DEMO_PASSWORD, totp: '000000' });
    expect(wrong.json().code).toBe('IDENTITY.TOTP_INVALID');
    const code = totpCode(DEMO_TOTP_SECRET, totpStep(new Date()));
    const ok = await login({ username: 'gz.auditor', password: DEMO_PASSWORD, totp: code });
    expect(ok.statusCode).toBe(200);
    const replay = await login({ username: 'gz.auditor', password: DEMO_PASSWORD, totp: code });
    expect(replay.json().code).toBe('IDENTITY.TOTP_INVALID');
  });

  it('refuses an administrator with no enrolled device', async () => {
    const operator = { kind: 'operator' as const, name: 'test' };
    await platform.identity.users.createUser(operator, {
      username: 'new.admin',
      displayName: 'New admin',
      kind: 'officer',
      district: '2200',
      password: DEMO_PASSWORD,
      roles: ['system_admin'],
    });
    const response = await login({ username: 'new.admin', password: DEMO_PASSWORD });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('IDENTITY.TOTP_NOT_ENROLLED');
  });

  it('rotates refresh tokens and ends the session when an old one is reused', async () => {
    const first = (await login({ username: 'gz.reviewer', password: DEMO_PASSWORD })).json();
    const refresh = (token: string) =>
      inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: token } });
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const next = second.json();
    expect(next.refreshToken).not.toBe(first.refreshToken);
    const me = await inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${next.accessToken}` },
    });
    expect(me.statusCode).toBe(200);

    const reused = await refresh(first.refreshToken);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('IDENTITY.REFRESH_REUSED');
    // The whole family is gone: the newest refresh token and the access tokens of the session.
    expect((await refresh(next.refreshToken)).json().code).toBe('IDENTITY.REFRESH_INVALID');
    const after = await inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${next.accessToken}` },
    });
    expect(after.json().code).toBe('IDENTITY.SESSION_REVOKED');
  });

  it('logout revokes the session', async () => {
    const headers = await loginAs(platform.app, 'gz.inspector');
    expect((await inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    expect((await inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('enrols a one-time-code device for a user who asks', async () => {
    const headers = await loginAs(platform.app, 'sh.statistician');
    const enrol = await inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers });
    const { secret } = enrol.json();
    expect(enrol.json().otpauthUrl).toContain(`secret=${secret}`);
    const bad = await inject({
      method: 'POST',
      url: '/api/v1/auth/totp/confirm',
      headers,
      payload: { code: '123456' },
    });
    expect(bad.statusCode).toBe(400);
    const code = totpCode(secret, totpStep(new Date()));
    const good = await inject({
      method: 'POST',
      url: '/api/v1/auth/totp/confirm',
      headers,
      payload: { code },
    });
    expect(good.statusCode).toBe(204);
    expect((await login({ username: 'sh.statistician', password: DEMO_PASSWORD })).json().code).toBe(
      'IDENTITY.TOTP_REQUIRED',
    );
  });

  it('issues API keys shown once, stored hashed, bound to the enterprise, revocable', async () => {
    const manager = await loginAs(platform.app, 'shtrade.manager');
    const issued = await inject({
      method: 'POST',
      url: '/api/v1/identity/api-keys',
      headers: manager,
      payload: { name: 'erp', scopes: [] },
    });
    expect(issued.statusCode).toBe(400); // at least one scope is required
    platform.identity.policy.allowSystemScopes(['test.submit']);
    const ok = await inject({
      method: 'POST',
      url: '/api/v1/identity/api-keys',
      headers: manager,
      payload: { name: 'erp', scopes: ['test.submit'] },
    });
    expect(ok.statusCode).toBe(201);
    const { key, apiKey } = ok.json();
    expect(apiKey.enterpriseCode).toBe('3120980001');
    const list = await inject({ url: '/api/v1/identity/api-keys', headers: manager });
    expect(JSON.stringify(list.json())).not.toContain(key.split('.')[1]);

    const me = await inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } });
    expect(me.json()).toMatchObject({
      kind: 'system',
      enterpriseCode: '3120980001',
      scopes: ['test.submit'],
    });
    const listed = (await inject({ url: '/api/v1/identity/api-keys', headers: manager })).json();
    expect(listed.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt).not.toBeNull();

    // Another enterprise can neither see nor revoke it.
    const other = await loginAs(platform.app, 'gzshop.manager');
    const otherList = (await inject({ url: '/api/v1/identity/api-keys', headers: other })).json();
    expect(otherList.some((k: { id: string }) => k.id === apiKey.id)).toBe(false);
    const foreign = await inject({
      method: 'DELETE',
      url: `/api/v1/identity/api-keys/${apiKey.id}`,
      headers: other,
    });
    expect(foreign.statusCode).toBe(404);

    expect(
      (await inject({ method: 'DELETE', url: `/api/v1/identity/api-keys/${apiKey.id}`, headers: manager }))
        .statusCode,
    ).toBe(200);
    expect((await inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } })).json().code).toBe(
      'IDENTITY.API_KEY_INVALID',
    );
    expect(
      (await inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': 'jgk_nonsense' } })).statusCode,
    ).toBe(401);
  });
});

describe(`lockout on ${TEST_ENGINE}`, () => {
  it('locks after repeated failures with a growing delay, and unlocks when it passes', async () => {
    const platform = await createTestPlatform();
    try {
      let clock = Date.parse('2026-11-27T08:00:00Z');
      const identity = createIdentity(platform.db, { now: () => new Date(clock) });
      await seedIdentityDemo(identity, []);
      const attempt = (password: string) =>
        identity.auth.login({ username: 'sh.reviewer', password }).then(
          () => 'ok',
          (error: AppError) =>
            `${error.code}${error.params.retryAfterSeconds ? `:${error.params.retryAfterSeconds}` : ''}`,
        );
      for (let i = 0; i < 4; i++)
        expect(await attempt('wrong-password-1')).toBe('IDENTITY.INVALID_CREDENTIALS');
      expect(await attempt('wrong-password-1')).toBe('IDENTITY.INVALID_CREDENTIALS'); // the 5th locks
      expect(await attempt(DEMO_PASSWORD)).toBe('IDENTITY.LOCKED:60'); // even the right password waits
      clock += 61_000;
      expect(await attempt('wrong-password-1')).toBe('IDENTITY.INVALID_CREDENTIALS');
      expect(await attempt(DEMO_PASSWORD)).toBe('IDENTITY.LOCKED:120'); // the 6th failure doubled it
      clock += 121_000;
      expect(await attempt(DEMO_PASSWORD)).toBe('ok');
      // Success resets the count.
      expect(await attempt('wrong-password-1')).toBe('IDENTITY.INVALID_CREDENTIALS');
      expect(await attempt(DEMO_PASSWORD)).toBe('ok');
    } finally {
      await platform.close();
    }
  });

  it.each([
    [4, 0],
    [5, 60],
    [6, 120],
    [7, 240],
    [20, 3600],
  ])('%i failures lock for %i s', (failures, seconds) => {
    expect(
      lockSeconds(failures, {
        refreshTtlSeconds: 1,
        maxFailedLogins: 5,
        lockBaseSeconds: 60,
        lockMaxSeconds: 3600,
      }),
    ).toBe(seconds);
  });
});
