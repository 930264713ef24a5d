import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpApp } from './app.ts';

/**
 * Serves the built web console at `/`; any other GET outside /api answers the console's
 * index.html so client-side routes work on reload. Returns false when there is nothing built.
 */
export async function registerConsole(app: HttpApp, dir: string): Promise<boolean> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, serve: false });
  app.get('/*', { schema: { hide: true }, config: { access: 'public' } }, (request, reply) => {
    const path = normalize(decodeURIComponent(request.url.split('?')[0] ?? '/')).replace(/^(\.\.[/\\])+/, '');
    if (path.startsWith('/api/')) return reply.callNotFound();
    const file = join(root, path);
    const isFile = file.startsWith(root) && existsSync(file) && statSync(file).isFile();
    return reply.sendFile(isFile ? path.slice(1) : 'index.html');
  });
  return true;
}
