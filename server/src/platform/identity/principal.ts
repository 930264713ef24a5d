/** Officer roles (海关关员); the last three are the graded-protection three-role separation. */
export const OFFICER_ROLES = [
  'reviewer',
  'inspector',
  'tax_officer',
  'risk_analyst',
  'command_officer',
  'case_officer',
  'statistician',
  'auditor',
  'security_admin',
  'system_admin',
] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** Roles of an enterprise's own users. */
export const ENTERPRISE_ROLES = ['declarant', 'manager'] as const;
export type EnterpriseRole = (typeof ENTERPRISE_ROLES)[number];

export type Role = OfficerRole | EnterpriseRole;

/** Roles whose holders must log in with a second factor. */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'auditor'];

/** Where a request came from, for the audit trail. */
export interface Origin {
  ip: string;
  requestId: string;
}

export interface OfficerPrincipal {
  kind: 'officer';
  userId: string;
  username: string;
  district: string;
  roles: OfficerRole[];
  sessionId: string;
  origin?: Origin;
}

export interface EnterprisePrincipal {
  kind: 'enterprise';
  userId: string;
  username: string;
  enterpriseCode: string;
  roles: EnterpriseRole[];
  sessionId: string;
  origin?: Origin;
}

/** A machine client: an API key bound to one enterprise, with scopes. */
export interface SystemPrincipal {
  kind: 'system';
  apiKeyId: string;
  enterpriseCode: string;
  scopes: string[];
  origin?: Origin;
}

export interface PublicPrincipal {
  kind: 'public';
  origin?: Origin;
}

/** Who is asking. Every service method takes one and checks it. */
export type Principal = OfficerPrincipal | EnterprisePrincipal | SystemPrincipal | PublicPrincipal;

/** The operator at the server's console (CLI): acts with full rights, audited as `cli`. */
export interface OperatorPrincipal {
  kind: 'operator';
  name: string;
  origin?: Origin;
}

export type Actor = Principal | OperatorPrincipal;

export const PUBLIC: PublicPrincipal = { kind: 'public' };

/** A short stable label for logs and the audit trail. */
export function actorLabel(actor: Actor): { kind: string; id: string } {
  switch (actor.kind) {
    case 'officer':
    case 'enterprise':
      return { kind: actor.kind, id: actor.username };
    case 'system':
      return { kind: 'system', id: `apikey:${actor.apiKeyId}` };
    case 'operator':
      return { kind: 'operator', id: actor.name };
    default:
      return { kind: 'public', id: 'public' };
  }
}

/** The enterprise a principal acts for, if any. */
export function enterpriseOf(principal: Actor): string | undefined {
  return principal.kind === 'enterprise' || principal.kind === 'system'
    ? principal.enterpriseCode
    : undefined;
}
