import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/cli/demo/identity.demo.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import { ADMIN_ROLES, totpCode, totpStep } from '../../src/platform/identity/index.ts';

/** Logs a demo account in over HTTP and returns the headers that authenticate as it. */
export async function loginAs(
  app: HttpApp,
  username: string,
  options: { admin?: boolean } = {},
): Promise<Record<string, string>> {
  const admin = options.admin ?? ADMIN_ROLES.some((role) => username.endsWith(`.${role.replace('_', '-')}`));
  // A code is accepted once; a second login in the same 30 s uses the next step's code.
  for (const offset of admin ? [0, 1] : [0]) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: {
        username,
        password: DEMO_PASSWORD,
        ...(admin ? { totp: totpCode(DEMO_TOTP_SECRET, totpStep(new Date()) + offset) } : {}),
      },
    });
    if (response.statusCode === 200) return { authorization: `Bearer ${response.json().accessToken}` };
    if (offset === 1 || !admin) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  }
  throw new Error(`login ${username} failed`);
}
