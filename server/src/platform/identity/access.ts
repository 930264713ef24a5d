import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.ts';
import type { HttpApp } from '../http/index.ts';
import type { AuthService } from './auth.service.ts';
import type { Permission, Policy } from './policy.ts';
import { type Principal, PUBLIC } from './principal.ts';

/**
 * Who may call a route: anyone, any logged-in principal, or holders of one permission. Every
 * route declares it; a route without one is refused when it is registered.
 */
export type Access = 'public' | 'authenticated' | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

/** A registered route and who may call it (the access-matrix test walks these). */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

// Routes that plugins register for themselves (the interactive API docs) are public by nature.
const PLUGIN_ROUTE_PREFIXES = ['/api/docs'];

/** Reads a route's declared access (undefined for the not-found handler). */
export function routeAccess(request: FastifyRequest): Access | undefined {
  return (request.routeOptions.config as { access?: Access } | undefined)?.access;
}

/**
 * Installs authentication (bearer token or API key → principal) and the route-level access gate,
 * both before the body is read, so an unauthenticated caller learns nothing about a route's input.
 */
export function installAccessControl(
  app: HttpApp,
  auth: AuthService,
  policy: Policy,
  registry: RouteAccess[] = [],
): void {
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (PLUGIN_ROUTE_PREFIXES.some((prefix) => route.url.startsWith(prefix))) return;
    if (!access)
      throw new Error(`route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    for (const method of [route.method].flat())
      registry.push({ method: String(method), url: route.url, access });
  });

  app.decorateRequest('principal', null as never); // set by the onRequest hook below
  app.addHook('onRequest', async (request) => {
    const origin = { ip: request.ip, requestId: String(request.id) };
    request.principal = { ...(await authenticate(request, auth)), origin };
    const access = routeAccess(request);
    if (!access || access === 'public') return;
    if (request.principal.kind === 'public') throw new AppError('IDENTITY.UNAUTHENTICATED', 401);
    if (access !== 'authenticated') policy.require(request.principal, access.permission);
  });
}

async function authenticate(request: FastifyRequest, auth: AuthService): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError('IDENTITY.TOKEN_INVALID', 401);
    return auth.authenticateBearer(match[1]!);
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return auth.authenticateApiKey(apiKey);
  return PUBLIC;
}
