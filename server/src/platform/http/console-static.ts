import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpApp } from './app.ts';

/**
 * Serves the built web console at `/`; any other GET outside /api answers the console's
 * index.html so client-side routes work on reload. Returns false when there is nothing built.
 */
export async function registerConsole(app: HttpApp, dir: string): Promise<boolean> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.get('/*', { schema: { hide: true }, config: { access: 'public' } }, (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
  return true;
}
