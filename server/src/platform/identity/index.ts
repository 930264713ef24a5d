import { AuditTrail } from '../audit/audit-trail.ts';
import type { Database } from '../db/index.ts';
import type { HttpApp } from '../http/index.ts';
import { installAccessControl, type RouteAccess } from './access.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { AuthService, DEFAULT_AUTH_SETTINGS } from './auth.service.ts';
import { randomToken } from './credentials.ts';
import { DistrictTree } from './districts.ts';
import { identityRepository } from './identity.repository.ts';
import { Policy } from './policy.ts';
import { AccessTokens } from './tokens.ts';
import { registerUserRoutes } from './users.routes.ts';
import { type EnterpriseDirectory, UsersService } from './users.service.ts';

export { type Access, type RouteAccess, routeAccess } from './access.ts';
export { type AuthService, lockSeconds, type TokenPair } from './auth.service.ts';
export { type District, DistrictTree, districtLevel } from './districts.ts';
export { identityCatalogue } from './identity.errors.ts';
export { identityMigrations } from './identity.migrations.ts';
export { canSee, type Permission, Policy, type Scope, scopeOf, scopeWhere } from './policy.ts';
export {
  type Actor,
  ADMIN_ROLES,
  actorLabel,
  ENTERPRISE_ROLES,
  type EnterprisePrincipal,
  type EnterpriseRole,
  enterpriseOf,
  OFFICER_ROLES,
  type OfficerPrincipal,
  type OfficerRole,
  type OperatorPrincipal,
  type Origin,
  type Principal,
  PUBLIC,
  type PublicPrincipal,
  type Role,
  type SystemPrincipal,
} from './principal.ts';
export { totpCode, totpStep, verifyTotp } from './totp.ts';
export type { ApiKey, CreateUserInput, EnterpriseDirectory, User, UsersService } from './users.service.ts';

/** The identity, authentication and authorization service (三统一) and the audit trail. */
export interface Identity {
  policy: Policy;
  districts: DistrictTree;
  audit: AuditTrail;
  auth: AuthService;
  users: UsersService;
  /** Every route registered after `register`, with its declared access. */
  routes: RouteAccess[];
  /** Installs authentication and the access gate, and the identity and auth routes. */
  register(app: HttpApp): void;
}

export interface IdentityOptions {
  /** Access-token signing secret; generated and kept in the database when absent. */
  jwtSecret?: string;
  accessTokenTtlSeconds?: number;
  enterpriseExists?: EnterpriseDirectory;
  now?: () => Date;
}

// Permissions of the platform itself, by role: the three-role separation of graded protection.
const PLATFORM_GRANTS = [
  ['system_admin', ['identity.users.manage', 'identity.users.read', 'identity.apikeys.manage']],
  ['security_admin', ['identity.roles.assign', 'identity.users.read']],
  ['auditor', ['audit.read']],
  ['manager', ['identity.apikeys.manage']],
] as const;

export function createIdentity(db: Database, options: IdentityOptions = {}): Identity {
  const now = options.now ?? (() => new Date());
  const policy = new Policy();
  for (const [role, permissions] of PLATFORM_GRANTS) policy.grant(role, permissions);
  const districts = new DistrictTree();
  const audit = new AuditTrail(db, now);
  const tokens = new AccessTokens(
    async () => new TextEncoder().encode(options.jwtSecret ?? (await loadOrCreateSigningSecret(db))),
    options.accessTokenTtlSeconds ?? 900,
  );
  const auth = new AuthService(db, audit, tokens, DEFAULT_AUTH_SETTINGS, now);
  const users = new UsersService(db, audit, policy, districts, options.enterpriseExists, now);
  const routes: RouteAccess[] = [];
  const allPermissions = () => [...new Set(policy.listGrants().flatMap((g) => g.permissions))].sort();
  return {
    policy,
    districts,
    audit,
    auth,
    users,
    routes,
    register(app) {
      installAccessControl(app, auth, policy, routes);
      registerAuthRoutes(app, auth, policy, allPermissions);
      registerUserRoutes(app, users, policy, districts);
    },
  };
}

/** The generated signing secret, made once at first use and shared by every process. */
async function loadOrCreateSigningSecret(db: Database): Promise<string> {
  return db.transaction(async (tx) => {
    await identityRepository.insertSecret(tx, 'jwt-signing-key', randomToken(48));
    const row = await identityRepository.findSecret(tx, 'jwt-signing-key');
    if (!row) throw new Error('signing key missing after insert');
    return row.value;
  });
}
