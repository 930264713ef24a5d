import { z } from 'zod';
import { ENTERPRISE_ROLES, OFFICER_ROLES } from './principal.ts';

export const RoleSchema = z.enum([...OFFICER_ROLES, ...ENTERPRISE_ROLES]);

export const LoginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const RefreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(200) });

export const PrincipalSchema = z.object({
  kind: z.enum(['officer', 'enterprise', 'system', 'public']),
  userId: z.string().optional(),
  username: z.string().optional(),
  district: z.string().optional(),
  enterpriseCode: z.string().optional(),
  roles: z.array(z.string()).optional(),
  scopes: z.array(z.string()).optional(),
  permissions: z.array(z.string()),
});

export const TokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  principal: PrincipalSchema,
});

export const TotpEnrolmentSchema = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const TotpConfirmSchema = z.strictObject({ code: z.string().regex(/^\d{6}$/) });

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  kind: z.enum(['officer', 'enterprise']),
  district: z.string().nullable(),
  enterpriseCode: z.string().nullable(),
  roles: z.array(z.string()),
  totpEnrolled: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});

export const CreateUserRequestSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/),
  displayName: z.string().min(1).max(100),
  kind: z.enum(['officer', 'enterprise']),
  district: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  enterpriseCode: z.string().min(1).max(18).optional(),
  password: z.string().min(1).max(256),
  roles: z.array(RoleSchema).max(20).optional(),
});

export const UserIdParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/) });
export const PasswordRequestSchema = z.strictObject({ password: z.string().min(1).max(256) });
export const RolesRequestSchema = z.strictObject({ roles: z.array(RoleSchema).max(20) });

export const ApiKeySchema = z.object({
  id: z.string(),
  enterpriseCode: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const IssueApiKeyRequestSchema = z.strictObject({
  enterpriseCode: z.string().min(1).max(18).optional(),
  name: z.string().min(1).max(100),
  scopes: z.array(z.string().max(100)).min(1).max(50),
});

export const IssuedApiKeySchema = z.object({ apiKey: ApiKeySchema, key: z.string() });

export const DistrictSchema = z.object({ code: z.string(), name: z.string(), parent: z.string().nullable() });

export const PolicySchema = z.object({
  grants: z.array(z.object({ role: z.string(), permissions: z.array(z.string()) })),
  systemScopes: z.array(z.string()),
});
