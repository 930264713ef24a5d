import { z } from 'zod';
import { AppError } from '../errors/index.ts';
import type { HttpApp } from '../http/index.ts';
import type { AuthService } from './auth.service.ts';
import {
  LoginRequestSchema,
  PrincipalSchema,
  RefreshRequestSchema,
  TokenPairSchema,
  TotpConfirmSchema,
  TotpEnrolmentSchema,
} from './identity.schemas.ts';
import type { Policy } from './policy.ts';
import type { Principal } from './principal.ts';

/** What a client may know of a principal, with the permissions its roles give. */
export function describePrincipal(principal: Principal, policy: Policy, permissions: readonly string[]) {
  const { origin: _origin, ...rest } = principal as Principal & { sessionId?: string; apiKeyId?: string };
  const { sessionId: _s, apiKeyId: _a, ...visible } = rest;
  return { ...visible, permissions: permissions.filter((p) => policy.allows(principal, p)) };
}

export function registerAuthRoutes(
  app: HttpApp,
  auth: AuthService,
  policy: Policy,
  permissions: () => string[],
): void {
  const tags = ['identity'];
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in: access and refresh tokens',
        body: LoginRequestSchema,
        response: { 200: TokenPairSchema },
      },
      config: { access: 'public' },
    },
    async (request) => {
      const pair = await auth.login(request.body, request.principal.origin);
      return { ...pair, principal: describePrincipal(pair.principal, policy, permissions()) };
    },
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Rotate the refresh token',
        body: RefreshRequestSchema,
        response: { 200: TokenPairSchema },
      },
      config: { access: 'public' },
    },
    async (request) => {
      const pair = await auth.refresh(request.body.refreshToken, request.principal.origin);
      return { ...pair, principal: describePrincipal(pair.principal, policy, permissions()) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: { tags, summary: 'End this session', response: { 204: z.null() } },
      config: { access: 'authenticated' },
    },
    async (request, reply) => {
      await auth.logout(request.principal);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: { tags, summary: 'Who am I', response: { 200: PrincipalSchema } },
      config: { access: 'authenticated' },
    },
    async (request) => describePrincipal(request.principal, policy, permissions()),
  );

  app.post(
    '/api/v1/auth/totp/enrol',
    {
      schema: {
        tags,
        summary: 'Start enrolling a one-time-code device',
        response: { 200: TotpEnrolmentSchema },
      },
      config: { access: 'authenticated' },
    },
    async (request) => {
      const principal = request.principal;
      if (principal.kind !== 'officer' && principal.kind !== 'enterprise')
        throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: 'user' });
      return auth.beginTotpEnrolment(principal);
    },
  );

  app.post(
    '/api/v1/auth/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the device with a code',
        body: TotpConfirmSchema,
        response: { 204: z.null() },
      },
      config: { access: 'authenticated' },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind !== 'officer' && principal.kind !== 'enterprise')
        throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: 'user' });
      await auth.confirmTotpEnrolment(principal, request.body.code);
      return reply.code(204).send(null);
    },
  );
}
