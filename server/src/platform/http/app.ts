import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from '../errors/index.ts';
import type { Translator } from '../i18n/index.ts';
import type { Metrics } from '../metrics/index.ts';
import { sendError, toAppError } from './error-envelope.ts';

/** The Fastify instance with zod schemas as its type provider. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpAppOptions {
  logger: FastifyBaseLogger;
  translator: Translator;
  metrics: Metrics;
  bodyLimitBytes: number;
  version: string;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * The Fastify instance every module registers its routes on: zod validation and serialization,
 * the error envelope, request ids, metrics and the generated OpenAPI document.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a body of any other type answers 415 (gateways register their own parsers).
  app.removeContentTypeParser('text/plain');

  // While closing, answers in flight tell the client to drop the connection, so keep-alive
  // sockets do not hold the shutdown open until their idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    options.metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request);
    if (appError) {
      if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendError(reply, appError, request, options.translator);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, new AppError('COMMON.INTERNAL', 500), request, options.translator);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new AppError('HTTP.ROUTE_NOT_FOUND', 404, { method: request.method, url: request.url.split('?')[0] }),
      request,
      options.translator,
    ),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'jinguan API',
        description: 'Integrated customs platform (金关工程二期). Generated from the route schemas.',
        version: options.version,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
