import { type RawBuilder, sql } from 'kysely';
import { AppError } from '../errors/index.ts';
import type { DistrictTree } from './districts.ts';
import type { Actor, Principal, Role } from './principal.ts';

/** A permission names one kind of action: `declaration.review`, `audit.read`. */
export type Permission = string;

/**
 * Which roles hold which permissions. Platform parts and modules grant their own permissions to
 * roles when main.ts wires them, so the table lives beside the code it guards.
 */
export class Policy {
  private readonly grants = new Map<Role, Set<Permission>>();
  /** Permissions an API key may carry as scopes. */
  private readonly systemScopes = new Set<Permission>();

  grant(role: Role, permissions: readonly Permission[]): void {
    const set = this.grants.get(role) ?? new Set<Permission>();
    for (const permission of permissions) set.add(permission);
    this.grants.set(role, set);
  }

  /** Declares permissions that machine clients (API keys) may be given. */
  allowSystemScopes(permissions: readonly Permission[]): void {
    for (const permission of permissions) this.systemScopes.add(permission);
  }

  isSystemScope(permission: Permission): boolean {
    return this.systemScopes.has(permission);
  }

  listSystemScopes(): Permission[] {
    return [...this.systemScopes].sort();
  }

  listGrants(): { role: Role; permissions: Permission[] }[] {
    return [...this.grants.entries()].map(([role, set]) => ({ role, permissions: [...set].sort() }));
  }

  allows(actor: Actor, permission: Permission): boolean {
    switch (actor.kind) {
      case 'operator':
        return true;
      case 'public':
        return false;
      case 'system':
        return actor.scopes.includes(permission);
      default:
        return (actor.roles as Role[]).some((role) => this.grants.get(role)?.has(permission));
    }
  }

  /** Throws 401 for the public and 403 for a principal without the permission. */
  require(actor: Actor, permission: Permission): void {
    if (actor.kind === 'public') throw new AppError('IDENTITY.UNAUTHENTICATED', 401);
    if (!this.allows(actor, permission)) throw new AppError('IDENTITY.FORBIDDEN', 403, { permission });
  }
}

/** What part of the records a principal may see. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'district'; district: string }
  | { kind: 'enterprise'; enterpriseCode: string }
  | { kind: 'none' };

/** Officers see their district's subtree (HQ sees all); enterprises and their API keys see their own. */
export function scopeOf(actor: Actor): Scope {
  switch (actor.kind) {
    case 'operator':
      return { kind: 'all' };
    case 'officer':
      return actor.district === '0000' ? { kind: 'all' } : { kind: 'district', district: actor.district };
    case 'enterprise':
    case 'system':
      return { kind: 'enterprise', enterpriseCode: actor.enterpriseCode };
    default:
      return { kind: 'none' };
  }
}

/** True when a record of this district and enterprise is visible to the principal. */
export function canSee(
  actor: Actor,
  record: { district?: string | null; enterpriseCode?: string | null },
  tree: DistrictTree,
): boolean {
  const scope = scopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'district':
      return !!record.district && tree.contains(scope.district, record.district);
    case 'enterprise':
      return !!record.enterpriseCode && record.enterpriseCode === scope.enterpriseCode;
    default:
      return false;
  }
}

/**
 * The same rule as a SQL condition over a table's district and enterprise columns, for lists,
 * searches, exports and counts. District codes nest by shape: XX00 covers XXnn.
 */
export function scopeWhere(
  actor: Actor,
  columns: { district?: string; enterprise?: string },
): RawBuilder<boolean> {
  const scope = scopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`1 = 1`;
    case 'district': {
      if (!columns.district) return sql<boolean>`1 = 0`;
      const column = sql.ref(columns.district);
      return scope.district.endsWith('00')
        ? sql<boolean>`${column} LIKE ${`${scope.district.slice(0, 2)}%`}`
        : sql<boolean>`${column} = ${scope.district}`;
    }
    case 'enterprise':
      return columns.enterprise
        ? sql<boolean>`${sql.ref(columns.enterprise)} = ${scope.enterpriseCode}`
        : sql<boolean>`1 = 0`;
    default:
      return sql<boolean>`1 = 0`;
  }
}

export function isPrincipalOfKind<K extends Principal['kind']>(
  actor: Actor,
  kind: K,
): actor is Extract<Principal, { kind: K }> {
  return actor.kind === kind;
}
