import type { Identity, OfficerRole, OperatorPrincipal, Role } from '../../platform/identity/index.ts';
import { OFFICER_ROLES } from '../../platform/identity/index.ts';

/** Every demo account's password (the README lists the accounts). */
export const DEMO_PASSWORD = 'Demo2026jinguan';
/** The one-time-code secret of demo administrators (system/security administrators, auditors). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export const DEMO_DISTRICTS = [
  { code: '0000', prefix: 'hq' },
  { code: '2200', prefix: 'sh' },
  { code: '5100', prefix: 'gz' },
] as const;

export const DEMO_ENTERPRISES = [
  { code: '3120980001', slug: 'shtrade', name: '上海示例进出口贸易有限公司', district: '2200' },
  { code: '4401960002', slug: 'gzshop', name: '广州示例跨境电商有限公司', district: '5100' },
  { code: '3122460003', slug: 'shbroker', name: '上海示例报关有限公司', district: '2200' },
] as const;

const ADMIN: readonly OfficerRole[] = ['system_admin', 'security_admin', 'auditor'];

export interface DemoAccount {
  username: string;
  kind: 'officer' | 'enterprise';
  district?: string;
  enterpriseCode?: string;
  roles: Role[];
  displayName: string;
}

/** Officers for every role at HQ and two districts, two at a subordinate office, two users per enterprise. */
export function demoAccounts(): DemoAccount[] {
  const officers: DemoAccount[] = DEMO_DISTRICTS.flatMap(({ code, prefix }) =>
    OFFICER_ROLES.map((role) => ({
      username: `${prefix}.${role.replace('_', '-')}`,
      kind: 'officer' as const,
      district: code,
      roles: [role],
      displayName: `${code} ${role}`,
    })),
  );
  officers.push(
    {
      username: 'pudong.reviewer',
      kind: 'officer',
      district: '2201',
      roles: ['reviewer'],
      displayName: '2201 reviewer',
    },
    {
      username: 'pudong.inspector',
      kind: 'officer',
      district: '2201',
      roles: ['inspector'],
      displayName: '2201 inspector',
    },
  );
  const enterpriseUsers: DemoAccount[] = DEMO_ENTERPRISES.flatMap((e) =>
    (['declarant', 'manager'] as const).map((role) => ({
      username: `${e.slug}.${role}`,
      kind: 'enterprise' as const,
      enterpriseCode: e.code,
      roles: [role],
      displayName: `${e.name} ${role}`,
    })),
  );
  return [...officers, ...enterpriseUsers];
}

/** The demo API key of an enterprise (fixed, so the README can show it; demo data only). */
export function demoApiKeySecret(slug: string): string {
  return `demo-${slug}-key-0123456789abcdef`;
}

/** Creates the demo accounts and API keys that are missing; returns how many accounts it added. */
export async function seedIdentityDemo(identity: Identity, systemScopes: string[]): Promise<number> {
  const operator: OperatorPrincipal = { kind: 'operator', name: 'seed' };
  let added = 0;
  for (const account of demoAccounts()) {
    if (await identity.users.findUserByName(account.username)) continue;
    const user = await identity.users.createUser(operator, { ...account, password: DEMO_PASSWORD });
    if (account.roles.some((role) => ADMIN.includes(role as OfficerRole))) {
      await identity.users.setDemoTotp(user.id, DEMO_TOTP_SECRET);
    }
    added++;
  }
  const existing = await identity.users.listApiKeys(operator);
  for (const enterprise of DEMO_ENTERPRISES) {
    if (existing.some((key) => key.enterpriseCode === enterprise.code && key.name === 'demo')) continue;
    await identity.users.issueApiKey(operator, {
      enterpriseCode: enterprise.code,
      name: 'demo',
      scopes: systemScopes,
      demoSecret: demoApiKeySecret(enterprise.slug),
    });
  }
  return added;
}
