import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';

describe(`accounts and the three-role separation on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let sysadmin: Record<string, string>;
  let secadmin: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await seedDemoAccounts(platform);
    await platform.app.ready();
    sysadmin = await loginAs(platform.app, 'sh.system-admin');
    secadmin = await loginAs(platform.app, 'sh.security-admin');
    auditor = await loginAs(platform.app, 'sh.auditor');
  });
  afterAll(() => platform.close());

  const inject = (options: InjectOptions) => platform.app.inject(options);
  const userCount = async () =>
    Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM identity_user`.execute(platform.db.kysely)).rows[0]
        ?.n,
    );
  const create = (headers: Record<string, string>, payload: object) =>
    inject({
      method: 'POST',
      url: '/api/v1/identity/users',
      headers: { ...headers, 'accept-language': 'en' },
      payload,
    });

  it('the system administrator creates accounts without roles; roles come from the security administrator', async () => {
    const created = await create(sysadmin, {
      username: 'sh.newcomer',
      displayName: '新同事',
      kind: 'officer',
      district: '2201',
      password: 'Welcome2026jg',
    });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user.roles).toEqual([]);

    const withRoles = await create(sysadmin, {
      username: 'sh.sneaky',
      displayName: 'x',
      kind: 'officer',
      district: '2200',
      password: 'Welcome2026jg',
      roles: ['auditor'],
    });
    expect(withRoles.statusCode).toBe(403);

    const assigned = await inject({
      method: 'PUT',
      url: `/api/v1/identity/users/${user.id}/roles`,
      headers: secadmin,
      payload: { roles: ['reviewer'] },
    });
    expect(assigned.json().roles).toEqual(['reviewer']);
    expect(
      (
        await inject({
          method: 'PUT',
          url: `/api/v1/identity/users/${user.id}/roles`,
          headers: sysadmin,
          payload: { roles: ['auditor'] },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses every problem of a new account at once and creates nothing', async () => {
    const before = await userCount();
    const response = await create(sysadmin, {
      username: 'bad.one',
      displayName: 'x',
      kind: 'officer',
      district: '9999',
      password: 'short',
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .details.map((d: { path: string; rule: string }) => `${d.path} ${d.rule}`)
        .sort(),
    ).toEqual(['body.district unknown_district', 'body.password password_policy']);
    const enterpriseWithOfficerRole = await inject({
      method: 'PUT',
      url: `/api/v1/identity/users/${(await platform.identity.users.findUserByName('shtrade.declarant'))!.id}/roles`,
      headers: secadmin,
      payload: { roles: ['reviewer'] },
    });
    expect(enterpriseWithOfficerRole.json().details[0]).toMatchObject({
      path: 'body.roles[0]',
      rule: 'role_kind',
    });
    const duplicate = await create(sysadmin, {
      username: 'sh.reviewer',
      displayName: 'x',
      kind: 'officer',
      district: '2200',
      password: 'Welcome2026jg',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(await userCount()).toBe(before);
  });

  it('the security administrator cannot change their own roles', async () => {
    const me = await platform.identity.users.findUserByName('sh.security-admin');
    const response = await inject({
      method: 'PUT',
      url: `/api/v1/identity/users/${me!.id}/roles`,
      headers: secadmin,
      payload: { roles: ['security_admin', 'auditor'] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('IDENTITY.SELF_ROLE_CHANGE');
  });

  it('only the auditor reads the audit trail, and the auditor changes nothing', async () => {
    expect((await inject({ url: '/api/v1/audit/records', headers: sysadmin })).statusCode).toBe(403);
    expect((await inject({ url: '/api/v1/audit/records', headers: secadmin })).statusCode).toBe(403);
    const records = await inject({
      url: '/api/v1/audit/records?action=identity.user.create&limit=5',
      headers: auditor,
    });
    expect(records.statusCode).toBe(200);
    expect(records.json().records.length).toBe(5);
    expect(records.json().next).toBeDefined();
    expect(
      (
        await create(auditor, {
          username: 'x.y.z',
          displayName: 'x',
          kind: 'officer',
          district: '2200',
          password: 'Welcome2026jg',
        })
      ).statusCode,
    ).toBe(403);
    expect((await inject({ url: '/api/v1/audit/verify', headers: auditor })).json()).toMatchObject({
      ok: true,
    });
  });

  it('records who did what, from where, for every change', async () => {
    const user = await platform.identity.users.findUserByName('sh.newcomer');
    const trail = await inject({
      url: `/api/v1/audit/records?recordType=user&recordId=${user!.id}`,
      headers: auditor,
    });
    const actions = trail
      .json()
      .records.map((r: { action: string; actorId: string }) => `${r.action} by ${r.actorId}`);
    expect(actions).toEqual([
      'identity.user.assign_roles by sh.security-admin',
      'identity.user.create by sh.system-admin',
    ]);
    expect(trail.json().records[0].ip).toBe('127.0.0.1');
  });

  it('password reset and disabling end the sessions of the user', async () => {
    const victim = await loginAs(platform.app, 'gz.reviewer');
    const user = await platform.identity.users.findUserByName('gz.reviewer');
    const reset = await inject({
      method: 'POST',
      url: `/api/v1/identity/users/${user!.id}/password`,
      headers: sysadmin,
      payload: { password: 'Another2026jg' },
    });
    expect(reset.statusCode).toBe(200);
    expect((await inject({ url: '/api/v1/auth/me', headers: victim })).statusCode).toBe(401);
    const disabled = await inject({
      method: 'POST',
      url: `/api/v1/identity/users/${user!.id}/disable`,
      headers: sysadmin,
    });
    expect(disabled.json().disabled).toBe(true);
    const login = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'gz.reviewer', password: 'Another2026jg' },
    });
    expect(login.json().code).toBe('IDENTITY.DISABLED');
  });
});
