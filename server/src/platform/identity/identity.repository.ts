import type { Executor } from '../db/index.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  kind: 'officer' | 'enterprise';
  district: string | null;
  enterprise_code: string | null;
  roles: string;
  password_hash: string;
  totp_secret: string | null;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface RefreshTokenRow {
  token_hash: string;
  session_id: string;
  created_at: string;
  used_at: string | null;
}

export interface ApiKeyRow {
  id: string;
  secret_hash: string;
  enterprise_code: string;
  name: string;
  scopes: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type IdentityTables = {
  identity_user: UserRow;
  identity_session: SessionRow;
  identity_refresh_token: RefreshTokenRow;
  identity_api_key: ApiKeyRow;
  identity_secret: { name: string; value: string };
};

const q = (db: Executor) => db.withTables<IdentityTables>();

/** Plain rows in and out for the identity tables. */
export const identityRepository = {
  findUserByName: (db: Executor, username: string) =>
    q(db).selectFrom('identity_user').selectAll().where('username', '=', username).executeTakeFirst(),
  findUser: (db: Executor, id: string) =>
    q(db).selectFrom('identity_user').selectAll().where('id', '=', id).executeTakeFirst(),
  listUsers: (db: Executor) => q(db).selectFrom('identity_user').selectAll().orderBy('username').execute(),
  insertUser: (db: Executor, row: UserRow) => q(db).insertInto('identity_user').values(row).execute(),
  updateUser: (db: Executor, id: string, changes: Partial<UserRow>) =>
    q(db).updateTable('identity_user').set(changes).where('id', '=', id).execute(),

  insertSession: (db: Executor, row: SessionRow) =>
    q(db).insertInto('identity_session').values(row).execute(),
  findSession: (db: Executor, id: string) =>
    q(db).selectFrom('identity_session').selectAll().where('id', '=', id).executeTakeFirst(),
  revokeSession: (db: Executor, id: string, at: string, reason: string) =>
    q(db)
      .updateTable('identity_session')
      .set({ revoked_at: at, revoked_reason: reason })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute(),
  revokeUserSessions: (db: Executor, userId: string, at: string, reason: string) =>
    q(db)
      .updateTable('identity_session')
      .set({ revoked_at: at, revoked_reason: reason })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute(),

  insertRefreshToken: (db: Executor, row: RefreshTokenRow) =>
    q(db).insertInto('identity_refresh_token').values(row).execute(),
  findRefreshToken: (db: Executor, tokenHash: string) =>
    q(db)
      .selectFrom('identity_refresh_token')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst(),
  markRefreshTokenUsed: (db: Executor, tokenHash: string, at: string) =>
    q(db)
      .updateTable('identity_refresh_token')
      .set({ used_at: at })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst(),

  insertApiKey: (db: Executor, row: ApiKeyRow) => q(db).insertInto('identity_api_key').values(row).execute(),
  findApiKey: (db: Executor, id: string) =>
    q(db).selectFrom('identity_api_key').selectAll().where('id', '=', id).executeTakeFirst(),
  listApiKeys: (db: Executor, enterpriseCode?: string) => {
    let query = q(db).selectFrom('identity_api_key').selectAll().orderBy('created_at');
    if (enterpriseCode) query = query.where('enterprise_code', '=', enterpriseCode);
    return query.execute();
  },
  updateApiKey: (db: Executor, id: string, changes: Partial<ApiKeyRow>) =>
    q(db).updateTable('identity_api_key').set(changes).where('id', '=', id).execute(),

  findSecret: (db: Executor, name: string) =>
    q(db).selectFrom('identity_secret').select('value').where('name', '=', name).executeTakeFirst(),
  insertSecret: (db: Executor, name: string, value: string) =>
    q(db)
      .insertInto('identity_secret')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute(),
};
