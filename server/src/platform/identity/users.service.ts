import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Database } from '../db/index.ts';
import { AppError, type Issue, invalid, notFound } from '../errors/index.ts';
import {
  formatApiKey,
  hashPassword,
  isStrongPassword,
  randomId,
  randomToken,
  tokenHash,
} from './credentials.ts';
import type { DistrictTree } from './districts.ts';
import { type ApiKeyRow, identityRepository as repo, type UserRow } from './identity.repository.ts';
import type { Policy } from './policy.ts';
import { type Actor, ENTERPRISE_ROLES, enterpriseOf, OFFICER_ROLES, type Role } from './principal.ts';
import { generateTotpSecret, otpauthUrl } from './totp.ts';

export interface CreateUserInput {
  username: string;
  displayName: string;
  kind: 'officer' | 'enterprise';
  district?: string;
  enterpriseCode?: string;
  password: string;
  roles?: Role[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  kind: 'officer' | 'enterprise';
  district: string | null;
  enterpriseCode: string | null;
  roles: Role[];
  totpEnrolled: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  enterpriseCode: string;
  name: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Tells whether an enterprise is registered; the credit module answers once it is wired. */
export type EnterpriseDirectory = (enterpriseCode: string) => Promise<boolean>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    kind: row.kind,
    district: row.district,
    enterpriseCode: row.enterprise_code,
    roles: JSON.parse(row.roles),
    totpEnrolled: !!row.totp_secret,
    disabled: !!Number(row.disabled),
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    enterpriseCode: row.enterprise_code,
    name: row.name,
    scopes: JSON.parse(row.scopes),
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Accounts and API keys, with the three-role separation of graded protection: the system
 * administrator manages accounts, the security administrator assigns roles, the auditor reads.
 */
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly policy: Policy,
    private readonly districts: DistrictTree,
    private readonly enterpriseExists: EnterpriseDirectory = async () => true,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createUser(actor: Actor, input: CreateUserInput): Promise<User> {
    this.policy.require(actor, 'identity.users.manage');
    const roles = input.roles ?? [];
    // Accounts are made without roles; only whoever may assign roles may give them at creation.
    if (roles.length > 0) this.policy.require(actor, 'identity.roles.assign');
    const issues = await this.checkUser(input, roles);
    if (issues.length > 0) throw invalid('IDENTITY.INVALID_USER', issues);
    const now = this.now().toISOString();
    const row: UserRow = {
      id: randomId(),
      username: input.username,
      display_name: input.displayName,
      kind: input.kind,
      district: input.kind === 'officer' ? (input.district ?? null) : null,
      enterprise_code: input.kind === 'enterprise' ? (input.enterpriseCode ?? null) : null,
      roles: JSON.stringify(roles),
      password_hash: await hashPassword(input.password),
      totp_secret: null,
      totp_last_step: null,
      failed_logins: 0,
      locked_until: null,
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    await this.db.transaction(async (tx) => {
      if (await repo.findUserByName(tx, input.username)) {
        throw new AppError('IDENTITY.USERNAME_TAKEN', 409, { username: input.username });
      }
      await repo.insertUser(tx, row);
      await this.audit.record(tx, actor, {
        action: 'identity.user.create',
        recordType: 'user',
        recordId: row.id,
        change: { ...toUser(row) },
      });
    });
    return toUser(row);
  }

  private async checkUser(input: CreateUserInput, roles: Role[]): Promise<Issue[]> {
    const issues: Issue[] = [];
    if (!isStrongPassword(input.password)) issues.push({ path: 'body.password', rule: 'password_policy' });
    if (input.kind === 'officer') {
      if (!input.district) issues.push({ path: 'body.district', rule: 'required' });
      else if (!this.districts.has(input.district)) {
        issues.push({
          path: 'body.district',
          rule: 'unknown_district',
          params: { district: input.district },
        });
      }
    } else if (!input.enterpriseCode) {
      issues.push({ path: 'body.enterpriseCode', rule: 'required' });
    } else if (!(await this.enterpriseExists(input.enterpriseCode))) {
      issues.push({
        path: 'body.enterpriseCode',
        rule: 'unknown_enterprise',
        params: { enterpriseCode: input.enterpriseCode },
      });
    }
    issues.push(...roleIssues(input.kind, roles));
    return issues;
  }

  async listUsers(actor: Actor): Promise<User[]> {
    this.policy.require(actor, 'identity.users.read');
    return (await repo.listUsers(this.db.kysely)).map(toUser);
  }

  async getUser(actor: Actor, id: string): Promise<User> {
    this.policy.require(actor, 'identity.users.read');
    const row = await repo.findUser(this.db.kysely, id);
    if (!row) throw notFound('IDENTITY.USER_NOT_FOUND');
    return toUser(row);
  }

  async findUserByName(username: string): Promise<User | undefined> {
    const row = await repo.findUserByName(this.db.kysely, username);
    return row ? toUser(row) : undefined;
  }

  /** Sets a new password, clears the lock and ends every session of the user. */
  async resetPassword(actor: Actor, id: string, password: string): Promise<User> {
    this.policy.require(actor, 'identity.users.manage');
    if (!isStrongPassword(password)) {
      throw invalid('IDENTITY.INVALID_USER', [{ path: 'body.password', rule: 'password_policy' }]);
    }
    const hashed = await hashPassword(password);
    return this.change(actor, id, 'identity.user.reset_password', () => ({
      password_hash: hashed,
      failed_logins: 0,
      locked_until: null,
    }));
  }

  async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<User> {
    this.policy.require(actor, 'identity.users.manage');
    return this.change(actor, id, disabled ? 'identity.user.disable' : 'identity.user.enable', () => ({
      disabled: disabled ? 1 : 0,
    }));
  }

  async assignRoles(actor: Actor, id: string, roles: Role[]): Promise<User> {
    this.policy.require(actor, 'identity.roles.assign');
    if (actor.kind === 'officer' && actor.userId === id) throw new AppError('IDENTITY.SELF_ROLE_CHANGE', 403);
    return this.change(actor, id, 'identity.user.assign_roles', (row) => {
      const issues = roleIssues(row.kind, roles);
      if (issues.length > 0) throw invalid('IDENTITY.INVALID_USER', issues);
      return { roles: JSON.stringify(roles) };
    });
  }

  /** Gives the user a new one-time-code secret (shown once), e.g. after a lost device. */
  async resetTotp(actor: Actor, id: string): Promise<{ user: User; secret: string; otpauthUrl: string }> {
    this.policy.require(actor, 'identity.roles.assign');
    const secret = generateTotpSecret();
    const user = await this.change(actor, id, 'identity.user.reset_totp', () => ({
      totp_secret: secret,
      totp_last_step: null,
    }));
    return { user, secret, otpauthUrl: otpauthUrl(secret, user.username) };
  }

  /** Demo seed only: fixes a known one-time-code secret so the README can document demo logins. */
  async setDemoTotp(id: string, secret: string): Promise<User> {
    return this.change({ kind: 'operator', name: 'seed' }, id, 'identity.user.reset_totp', () => ({
      totp_secret: secret,
      totp_last_step: null,
    }));
  }

  private async change(
    actor: Actor,
    id: string,
    action: string,
    changes: (row: UserRow) => Partial<UserRow>,
  ): Promise<User> {
    return this.db.transaction(async (tx) => {
      const row = await repo.findUser(tx, id);
      if (!row) throw notFound('IDENTITY.USER_NOT_FOUND');
      const now = this.now().toISOString();
      const applied = { ...changes(row), updated_at: now };
      await repo.updateUser(tx, id, applied);
      // New credentials or roles take effect at once: every open session of the user ends.
      await repo.revokeUserSessions(tx, id, now, action);
      const { password_hash: _p, totp_secret: _t, ...visible } = applied;
      await this.audit.record(tx, actor, { action, recordType: 'user', recordId: id, change: visible });
      return toUser({ ...row, ...applied });
    });
  }

  /** Issues an API key for an enterprise; the full key is returned once and stored hashed. */
  async issueApiKey(
    actor: Actor,
    input: { enterpriseCode?: string; name: string; scopes: string[]; demoSecret?: string },
  ): Promise<{ apiKey: ApiKey; key: string }> {
    this.policy.require(actor, 'identity.apikeys.manage');
    const own = enterpriseOf(actor);
    const enterpriseCode = own ?? input.enterpriseCode;
    const issues: Issue[] = [];
    if (!enterpriseCode) issues.push({ path: 'body.enterpriseCode', rule: 'required' });
    else if (own && input.enterpriseCode && input.enterpriseCode !== own)
      throw notFound('IDENTITY.API_KEY_NOT_FOUND');
    else if (!(await this.enterpriseExists(enterpriseCode))) {
      issues.push({ path: 'body.enterpriseCode', rule: 'unknown_enterprise', params: { enterpriseCode } });
    }
    input.scopes.forEach((scope, i) => {
      if (!this.policy.isSystemScope(scope))
        issues.push({ path: `body.scopes[${i}]`, rule: 'unknown_scope', params: { scope } });
    });
    if (issues.length > 0 || !enterpriseCode) throw invalid('IDENTITY.INVALID_USER', issues);
    // Only the operator's demo seed may fix a secret, so the README can list working demo keys.
    const fixed = actor.kind === 'operator' ? input.demoSecret : undefined;
    const id = fixed ? tokenHash(fixed).slice(0, 24) : randomId();
    const secret = fixed ?? randomToken();
    const row: ApiKeyRow = {
      id,
      secret_hash: tokenHash(secret),
      enterprise_code: enterpriseCode,
      name: input.name,
      scopes: JSON.stringify(input.scopes),
      created_by:
        actor.kind === 'operator'
          ? `operator:${actor.name}`
          : 'username' in actor
            ? actor.username
            : actor.kind,
      created_at: this.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.transaction(async (tx) => {
      await repo.insertApiKey(tx, row);
      const { secret_hash: _s, ...visible } = row;
      await this.audit.record(tx, actor, {
        action: 'identity.apikey.issue',
        recordType: 'api_key',
        recordId: id,
        change: visible,
      });
    });
    return { apiKey: toApiKey(row), key: formatApiKey(id, secret) };
  }

  async listApiKeys(actor: Actor): Promise<ApiKey[]> {
    this.policy.require(actor, 'identity.apikeys.manage');
    return (await repo.listApiKeys(this.db.kysely, enterpriseOf(actor))).map(toApiKey);
  }

  async revokeApiKey(actor: Actor, id: string): Promise<ApiKey> {
    this.policy.require(actor, 'identity.apikeys.manage');
    return this.db.transaction(async (tx) => {
      const row = await repo.findApiKey(tx, id);
      const own = enterpriseOf(actor);
      if (!row || (own && row.enterprise_code !== own)) throw notFound('IDENTITY.API_KEY_NOT_FOUND');
      const revokedAt = row.revoked_at ?? this.now().toISOString();
      await repo.updateApiKey(tx, id, { revoked_at: revokedAt });
      await this.audit.record(tx, actor, {
        action: 'identity.apikey.revoke',
        recordType: 'api_key',
        recordId: id,
      });
      return toApiKey({ ...row, revoked_at: revokedAt });
    });
  }
}

function roleIssues(kind: 'officer' | 'enterprise', roles: readonly Role[]): Issue[] {
  const allowed: readonly string[] = kind === 'officer' ? OFFICER_ROLES : ENTERPRISE_ROLES;
  return roles.flatMap((role, i) =>
    allowed.includes(role) ? [] : [{ path: `body.roles[${i}]`, rule: 'role_kind', params: { role, kind } }],
  );
}
