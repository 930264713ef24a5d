import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Database } from '../db/index.ts';
import { AppError } from '../errors/index.ts';
import {
  dummyPasswordHash,
  parseApiKey,
  randomId,
  randomToken,
  sameHash,
  tokenHash,
  verifyPassword,
} from './credentials.ts';
import { identityRepository as repo, type UserRow } from './identity.repository.ts';
import {
  ADMIN_ROLES,
  type EnterpriseRole,
  type OfficerRole,
  type Origin,
  type Principal,
  PUBLIC,
  type Role,
  type SystemPrincipal,
} from './principal.ts';
import type { AccessTokens, UserPrincipal } from './tokens.ts';
import { generateTotpSecret, otpauthUrl, verifyTotp } from './totp.ts';

export interface AuthSettings {
  refreshTtlSeconds: number;
  maxFailedLogins: number;
  lockBaseSeconds: number;
  lockMaxSeconds: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  refreshTtlSeconds: 7 * 24 * 3600,
  maxFailedLogins: 5,
  lockBaseSeconds: 60,
  lockMaxSeconds: 3600,
};

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  principal: UserPrincipal;
}

/** Lock time after `failures` failed logins: none below the threshold, then doubling up to the cap. */
export function lockSeconds(failures: number, settings: AuthSettings): number {
  if (failures < settings.maxFailedLogins) return 0;
  return Math.min(
    settings.lockMaxSeconds,
    settings.lockBaseSeconds * 2 ** (failures - settings.maxFailedLogins),
  );
}

export function toUserPrincipal(row: UserRow, sessionId: string): UserPrincipal {
  const roles = JSON.parse(row.roles) as Role[];
  return row.kind === 'officer'
    ? {
        kind: 'officer',
        userId: row.id,
        username: row.username,
        district: row.district ?? '',
        roles: roles as OfficerRole[],
        sessionId,
      }
    : {
        kind: 'enterprise',
        userId: row.id,
        username: row.username,
        enterpriseCode: row.enterprise_code ?? '',
        roles: roles as EnterpriseRole[],
        sessionId,
      };
}

/** Logins, token refresh and logout, and turning credentials on a request into a principal. */
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly tokens: AccessTokens,
    private readonly settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async login(input: LoginInput, origin?: Origin): Promise<TokenPair> {
    const now = this.now();
    const user = await repo.findUserByName(this.db.kysely, input.username);
    if (!user) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      await this.db.transaction((tx) =>
        this.audit.record(
          tx,
          { ...PUBLIC, origin },
          {
            action: 'auth.login_failed',
            recordType: 'user',
            recordId: input.username,
            change: { reason: 'unknown_user' },
          },
        ),
      );
      throw new AppError('IDENTITY.INVALID_CREDENTIALS', 401);
    }
    const lockedFor = user.locked_until
      ? Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 1000)
      : 0;
    if (lockedFor > 0) throw new AppError('IDENTITY.LOCKED', 429, { retryAfterSeconds: lockedFor });

    const passwordOk = await verifyPassword(user.password_hash, input.password);
    const secondFactor = passwordOk ? this.checkSecondFactor(user, input.totp, now) : undefined;
    const failure = passwordOk ? secondFactor?.problem : 'IDENTITY.INVALID_CREDENTIALS';
    if (failure) {
      await this.recordFailure(user, failure, now, origin);
      throw new AppError(failure, failure === 'IDENTITY.TOTP_NOT_ENROLLED' ? 403 : 401);
    }
    if (user.disabled) throw new AppError('IDENTITY.DISABLED', 403);

    const sessionId = randomId();
    const principal = toUserPrincipal(user, sessionId);
    const refreshToken = randomToken();
    await this.db.transaction(async (tx) => {
      await repo.updateUser(tx, user.id, {
        failed_logins: 0,
        locked_until: null,
        totp_last_step: secondFactor?.step ?? user.totp_last_step,
        updated_at: now.toISOString(),
      });
      await repo.insertSession(tx, {
        id: sessionId,
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + this.settings.refreshTtlSeconds * 1000).toISOString(),
        revoked_at: null,
        revoked_reason: null,
      });
      await repo.insertRefreshToken(tx, {
        token_hash: tokenHash(refreshToken),
        session_id: sessionId,
        created_at: now.toISOString(),
        used_at: null,
      });
      await this.audit.record(
        tx,
        { ...principal, origin },
        { action: 'auth.login', recordType: 'session', recordId: sessionId },
      );
    });
    return {
      accessToken: await this.tokens.issue(principal, now),
      refreshToken,
      expiresIn: this.tokens.ttlSeconds,
      principal,
    };
  }

  /** The error code when the second factor is not satisfied, or the time step of the accepted code. */
  private checkSecondFactor(
    user: UserRow,
    code: string | undefined,
    now: Date,
  ): { problem?: string; step?: number } {
    const roles = JSON.parse(user.roles) as Role[];
    const mustHave = roles.some((role) => ADMIN_ROLES.includes(role));
    if (!user.totp_secret) return mustHave ? { problem: 'IDENTITY.TOTP_NOT_ENROLLED' } : {};
    if (!code) return { problem: 'IDENTITY.TOTP_REQUIRED' };
    const step = verifyTotp(user.totp_secret, code, now, user.totp_last_step);
    return step === undefined ? { problem: 'IDENTITY.TOTP_INVALID' } : { step };
  }

  private async recordFailure(user: UserRow, reason: string, now: Date, origin?: Origin): Promise<void> {
    // A missing code is a prompt, not an attack: only wrong secrets count towards the lock.
    const counts = reason === 'IDENTITY.INVALID_CREDENTIALS' || reason === 'IDENTITY.TOTP_INVALID';
    const failures = counts ? Number(user.failed_logins) + 1 : Number(user.failed_logins);
    const lock = lockSeconds(failures, this.settings);
    await this.db.transaction(async (tx) => {
      await repo.updateUser(tx, user.id, {
        failed_logins: failures,
        locked_until: lock > 0 ? new Date(now.getTime() + lock * 1000).toISOString() : null,
        updated_at: now.toISOString(),
      });
      await this.audit.record(
        tx,
        { ...PUBLIC, origin },
        {
          action: lock > 0 ? 'auth.locked' : 'auth.login_failed',
          recordType: 'user',
          recordId: user.username,
          change: { reason, failures, lockSeconds: lock },
        },
      );
    });
  }

  /** Swaps a refresh token for a new pair. A token used twice ends its whole session (theft). */
  async refresh(refreshToken: string, origin?: Origin): Promise<TokenPair> {
    const now = this.now();
    const hashed = tokenHash(refreshToken);
    const outcome = await this.db.transaction<{ error: string } | { principal: UserPrincipal; next: string }>(
      async (tx) => {
        const token = await repo.findRefreshToken(tx, hashed);
        if (!token) return { error: 'IDENTITY.REFRESH_INVALID' };
        const session = await repo.findSession(tx, token.session_id);
        if (!session || session.revoked_at || session.expires_at <= now.toISOString()) {
          return { error: 'IDENTITY.REFRESH_INVALID' };
        }
        const user = await repo.findUser(tx, session.user_id);
        if (!user || user.disabled) return { error: 'IDENTITY.REFRESH_INVALID' };
        const principal = toUserPrincipal(user, session.id);
        const claimed = await repo.markRefreshTokenUsed(tx, hashed, now.toISOString());
        if (token.used_at || Number(claimed.numUpdatedRows) === 0) {
          await repo.revokeSession(tx, session.id, now.toISOString(), 'refresh_token_reused');
          await this.audit.record(
            tx,
            { ...principal, origin },
            {
              action: 'auth.refresh_reused',
              recordType: 'session',
              recordId: session.id,
            },
          );
          return { error: 'IDENTITY.REFRESH_REUSED' };
        }
        const next = randomToken();
        await repo.insertRefreshToken(tx, {
          token_hash: tokenHash(next),
          session_id: session.id,
          created_at: now.toISOString(),
          used_at: null,
        });
        return { principal, next };
      },
    );
    if ('error' in outcome) throw new AppError(outcome.error, 401);
    return {
      accessToken: await this.tokens.issue(outcome.principal, now),
      refreshToken: outcome.next,
      expiresIn: this.tokens.ttlSeconds,
      principal: outcome.principal,
    };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.kind !== 'officer' && principal.kind !== 'enterprise') return;
    await this.db.transaction(async (tx) => {
      await repo.revokeSession(tx, principal.sessionId, this.now().toISOString(), 'logout');
      await this.audit.record(tx, principal, {
        action: 'auth.logout',
        recordType: 'session',
        recordId: principal.sessionId,
      });
    });
  }

  /** The principal behind a bearer token; revoked sessions are refused at once. */
  async authenticateBearer(token: string): Promise<UserPrincipal> {
    const principal = await this.tokens.verify(token, this.now());
    if (!principal) throw new AppError('IDENTITY.TOKEN_INVALID', 401);
    const session = await repo.findSession(this.db.kysely, principal.sessionId);
    if (!session || session.revoked_at) throw new AppError('IDENTITY.SESSION_REVOKED', 401);
    return principal;
  }

  /** The machine client behind an API key; last-used time kept (at most once a minute). */
  async authenticateApiKey(key: string): Promise<SystemPrincipal> {
    const parsed = parseApiKey(key);
    const row = parsed ? await repo.findApiKey(this.db.kysely, parsed.id) : undefined;
    if (!parsed || !row || row.revoked_at || !sameHash(row.secret_hash, tokenHash(parsed.secret))) {
      throw new AppError('IDENTITY.API_KEY_INVALID', 401);
    }
    const now = this.now();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
      await this.db.transaction((tx) => repo.updateApiKey(tx, row.id, { last_used_at: now.toISOString() }));
    }
    return {
      kind: 'system',
      apiKeyId: row.id,
      enterpriseCode: row.enterprise_code,
      scopes: JSON.parse(row.scopes),
    };
  }

  /** Starts enrolment of a one-time-code device: the secret is shown once and kept pending. */
  async beginTotpEnrolment(principal: UserPrincipal): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = generateTotpSecret();
    await this.db.transaction(async (tx) => {
      await tx
        .withTables<{ identity_secret: { name: string; value: string } }>()
        .deleteFrom('identity_secret')
        .where('name', '=', `totp-pending:${principal.userId}`)
        .execute();
      await repo.insertSecret(tx, `totp-pending:${principal.userId}`, secret);
    });
    return { secret, otpauthUrl: otpauthUrl(secret, principal.username) };
  }

  /** Completes enrolment with a code from the device. */
  async confirmTotpEnrolment(principal: UserPrincipal, code: string): Promise<void> {
    const now = this.now();
    await this.db.transaction(async (tx) => {
      const pending = await repo.findSecret(tx, `totp-pending:${principal.userId}`);
      const step = pending ? verifyTotp(pending.value, code, now) : undefined;
      if (!pending || step === undefined) throw new AppError('IDENTITY.TOTP_INVALID', 400);
      await repo.updateUser(tx, principal.userId, {
        totp_secret: pending.value,
        totp_last_step: step,
        updated_at: now.toISOString(),
      });
      await tx
        .withTables<{ identity_secret: { name: string; value: string } }>()
        .deleteFrom('identity_secret')
        .where('name', '=', `totp-pending:${principal.userId}`)
        .execute();
      await this.audit.record(tx, principal, {
        action: 'auth.totp_enrolled',
        recordType: 'user',
        recordId: principal.userId,
      });
    });
  }
}
