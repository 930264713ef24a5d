import { z } from 'zod';
import type { HttpApp } from './app.ts';

export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; throws (or rejects) with the reason when not. */
  check(): Promise<void>;
}

const CheckResultSchema = z.object({ name: z.string(), ok: z.boolean(), error: z.string().optional() });
const ReadySchema = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.array(CheckResultSchema) });

/** `/healthz` (the process answers), `/readyz` (its dependencies answer), `/metrics` (Prometheus). */
export function registerHealthRoutes(
  app: HttpApp,
  checks: readonly ReadinessCheck[],
  metricsText: () => Promise<{ contentType: string; body: string }>,
): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
      config: { access: 'public' },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Readiness: the database answers and its migrations are current',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
      config: { access: 'public' },
    },
    async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            await check();
            return { name, ok: true };
          } catch (error) {
            return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
          }
        }),
      );
      const ready = results.every((r) => r.ok);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: results });
    },
  );

  app.get('/metrics', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => {
    const { contentType, body } = await metricsText();
    return reply.header('content-type', contentType).send(body);
  });
}
