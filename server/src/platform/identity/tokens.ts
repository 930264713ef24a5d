import { jwtVerify, SignJWT } from 'jose';
import type { EnterprisePrincipal, EnterpriseRole, OfficerPrincipal, OfficerRole } from './principal.ts';

const ISSUER = 'jinguan';

interface Claims {
  sid: string;
  knd: 'officer' | 'enterprise';
  usr: string;
  dst?: string;
  ent?: string;
  rol: string[];
}

export type UserPrincipal = OfficerPrincipal | EnterprisePrincipal;

/** Short-lived HS256 access tokens carrying the principal, so a request needs no user lookup. */
export class AccessTokens {
  private key: Promise<Uint8Array> | undefined;

  /** `loadKey` runs on first use (the key may live in a table that a migration creates). */
  constructor(
    private readonly loadKey: () => Promise<Uint8Array>,
    readonly ttlSeconds: number,
  ) {}

  private signingKey(): Promise<Uint8Array> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  async issue(principal: UserPrincipal, now: Date): Promise<string> {
    const claims: Claims = {
      sid: principal.sessionId,
      knd: principal.kind,
      usr: principal.username,
      rol: principal.roles,
      ...(principal.kind === 'officer' ? { dst: principal.district } : { ent: principal.enterpriseCode }),
    };
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(ISSUER)
      .setSubject(principal.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(await this.signingKey());
  }

  /** The principal in a valid token, or undefined for anything forged, expired or malformed. */
  async verify(token: string, now: Date): Promise<UserPrincipal | undefined> {
    try {
      const { payload } = await jwtVerify(token, await this.signingKey(), {
        issuer: ISSUER,
        audience: ISSUER,
        algorithms: ['HS256'],
        currentDate: now,
      });
      const claims = payload as unknown as Claims & { sub: string };
      if (claims.knd === 'officer' && claims.dst) {
        return {
          kind: 'officer',
          userId: claims.sub,
          username: claims.usr,
          district: claims.dst,
          roles: claims.rol as OfficerRole[],
          sessionId: claims.sid,
        };
      }
      if (claims.knd === 'enterprise' && claims.ent) {
        return {
          kind: 'enterprise',
          userId: claims.sub,
          username: claims.usr,
          enterpriseCode: claims.ent,
          roles: claims.rol as EnterpriseRole[],
          sessionId: claims.sid,
        };
      }
      return undefined;
    } catch {
      return undefined;
    }
  }
}
