import { z } from 'zod';
import type { HttpApp } from '../http/index.ts';
import type { DistrictTree } from './districts.ts';
import {
  ApiKeySchema,
  CreateUserRequestSchema,
  DistrictSchema,
  IssueApiKeyRequestSchema,
  IssuedApiKeySchema,
  PasswordRequestSchema,
  PolicySchema,
  RolesRequestSchema,
  TotpEnrolmentSchema,
  UserIdParamsSchema,
  UserSchema,
} from './identity.schemas.ts';
import type { Policy } from './policy.ts';
import type { UsersService } from './users.service.ts';

export function registerUserRoutes(
  app: HttpApp,
  users: UsersService,
  policy: Policy,
  districts: DistrictTree,
): void {
  const tags = ['identity'];
  const manage = { access: { permission: 'identity.users.manage' } } as const;
  const read = { access: { permission: 'identity.users.read' } } as const;
  const assign = { access: { permission: 'identity.roles.assign' } } as const;
  const keys = { access: { permission: 'identity.apikeys.manage' } } as const;

  app.get(
    '/api/v1/identity/districts',
    {
      schema: { tags, summary: 'The customs district tree', response: { 200: z.array(DistrictSchema) } },
      config: { access: 'public' },
    },
    async () => districts.list(),
  );

  app.get(
    '/api/v1/identity/policy',
    {
      schema: {
        tags,
        summary: 'Roles, their permissions, and API-key scopes',
        response: { 200: PolicySchema },
      },
      config: read,
    },
    async () => ({ grants: policy.listGrants(), systemScopes: policy.listSystemScopes() }),
  );

  app.get(
    '/api/v1/identity/users',
    { schema: { tags, summary: 'List accounts', response: { 200: z.array(UserSchema) } }, config: read },
    async (request) => users.listUsers(request.principal),
  );

  app.post(
    '/api/v1/identity/users',
    {
      schema: {
        tags,
        summary: 'Create an account (roles are assigned by the security administrator)',
        body: CreateUserRequestSchema,
        response: { 201: UserSchema },
      },
      config: manage,
    },
    async (request, reply) => reply.code(201).send(await users.createUser(request.principal, request.body)),
  );

  app.get(
    '/api/v1/identity/users/:id',
    {
      schema: { tags, summary: 'One account', params: UserIdParamsSchema, response: { 200: UserSchema } },
      config: read,
    },
    async (request) => users.getUser(request.principal, request.params.id),
  );

  app.post(
    '/api/v1/identity/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Reset the password (ends the sessions)',
        params: UserIdParamsSchema,
        body: PasswordRequestSchema,
        response: { 200: UserSchema },
      },
      config: manage,
    },
    async (request) => users.resetPassword(request.principal, request.params.id, request.body.password),
  );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/v1/identity/users/:id/${verb}`,
      {
        schema: {
          tags,
          summary: `${verb === 'disable' ? 'Disable' : 'Enable'} the account`,
          params: UserIdParamsSchema,
          response: { 200: UserSchema },
        },
        config: manage,
      },
      async (request) => users.setDisabled(request.principal, request.params.id, disabled),
    );
  }

  app.put(
    '/api/v1/identity/users/:id/roles',
    {
      schema: {
        tags,
        summary: 'Assign roles (security administrator)',
        params: UserIdParamsSchema,
        body: RolesRequestSchema,
        response: { 200: UserSchema },
      },
      config: assign,
    },
    async (request) => users.assignRoles(request.principal, request.params.id, request.body.roles),
  );

  app.post(
    '/api/v1/identity/users/:id/totp-reset',
    {
      schema: {
        tags,
        summary: 'Issue a new one-time-code secret',
        params: UserIdParamsSchema,
        response: { 200: TotpEnrolmentSchema.extend({ user: UserSchema }) },
      },
      config: assign,
    },
    async (request) => users.resetTotp(request.principal, request.params.id),
  );

  app.get(
    '/api/v1/identity/api-keys',
    {
      schema: {
        tags,
        summary: 'API keys (an enterprise sees its own)',
        response: { 200: z.array(ApiKeySchema) },
      },
      config: keys,
    },
    async (request) => users.listApiKeys(request.principal),
  );

  app.post(
    '/api/v1/identity/api-keys',
    {
      schema: {
        tags,
        summary: 'Issue an API key; the key is shown once',
        body: IssueApiKeyRequestSchema,
        response: { 201: IssuedApiKeySchema },
      },
      config: keys,
    },
    async (request, reply) => reply.code(201).send(await users.issueApiKey(request.principal, request.body)),
  );

  app.delete(
    '/api/v1/identity/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: UserIdParamsSchema,
        response: { 200: ApiKeySchema },
      },
      config: keys,
    },
    async (request) => users.revokeApiKey(request.principal, request.params.id),
  );
}
