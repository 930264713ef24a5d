import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type Issue, isAppError } from '../errors/index.ts';
import { type Locale, pickLocale, type Translator } from '../i18n/index.ts';

/** Every error answer has this shape. */
export interface ErrorEnvelope {
  code: string;
  message: string;
  details?: Required<Pick<Issue, 'path' | 'rule' | 'message'>>[];
  requestId: string;
}

// Fastify's own 4xx errors, by code, become platform codes.
const FASTIFY_CODES: Record<string, (error: FastifyError, request: FastifyRequest) => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('HTTP.INVALID_JSON', 400),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('HTTP.EMPTY_BODY', 400),
  FST_ERR_CTP_BODY_TOO_LARGE: (_e, request) =>
    new AppError('HTTP.BODY_TOO_LARGE', 413, { limit: request.routeOptions.bodyLimit }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (_e, request) =>
    new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 415, {
      contentType: request.headers['content-type'] ?? '(none)',
    }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new AppError('HTTP.BAD_REQUEST', 400, { reason: 'content-length does not match the body' }),
};

/** Turns any thrown error into an AppError, or undefined when it is a server fault. */
export function toAppError(error: unknown, request: FastifyRequest): AppError | undefined {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const issues = error.validation.flatMap((v) => toIssues(v, context, request));
    return new AppError('COMMON.VALIDATION', 400, { count: issues.length }, issues);
  }
  const fastifyError = error as Partial<FastifyError>;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return mapped(fastifyError as FastifyError, request);
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    if (error instanceof SyntaxError) return new AppError('HTTP.INVALID_JSON', 400);
    return new AppError('HTTP.BAD_REQUEST', fastifyError.statusCode, { reason: fastifyError.message ?? '' });
  }
  return undefined;
}

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Maps one zod issue to platform issues with a dotted path (`body.items[0].qty`) and a rule code. */
function toIssues(item: ValidationItem, context: string, request: FastifyRequest): Issue[] {
  const segments = item.instancePath.split('/').filter((s) => s !== '');
  const path = formatPath(context, segments);
  const params = item.params;
  // Whatever rule a schema reports for an absent field (type, enum, union), the caller needs "required".
  if (item.keyword !== 'unrecognized_keys' && valueAt(request, context, segments) === undefined) {
    return [{ path, rule: 'required' }];
  }
  switch (item.keyword) {
    case 'invalid_type':
      return [{ path, rule: 'type', params: { expected: params.expected } }];
    case 'unrecognized_keys':
      return ((params.keys as string[]) ?? []).map((key) => ({
        path: formatPath(context, [...segments, key]),
        rule: 'unknown_field',
      }));
    case 'too_big':
      return [
        {
          path,
          rule: params.origin === 'string' || params.origin === 'array' ? 'too_long' : 'too_big',
          params: { maximum: params.maximum },
        },
      ];
    case 'too_small':
      return [
        {
          path,
          rule: params.origin === 'string' || params.origin === 'array' ? 'too_short' : 'too_small',
          params: { minimum: params.minimum },
        },
      ];
    case 'invalid_format':
      return [{ path, rule: 'format', params: { format: params.pattern ?? params.format } }];
    case 'invalid_value':
      return [{ path, rule: 'enum', params: { values: params.values } }];
    default:
      return [{ path, rule: 'invalid', params: { reason: item.message } }];
  }
}

function formatPath(context: string, segments: string[]): string {
  const root = context === 'querystring' ? 'query' : context;
  return segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : `${acc}.${s}`), root);
}

function valueAt(request: FastifyRequest, context: string, segments: string[]): unknown {
  const source: Record<string, unknown> = {
    body: request.body,
    querystring: request.query,
    params: request.params,
    headers: request.headers,
  };
  let value: unknown = source[context];
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Renders the envelope in the caller's language. */
export function renderEnvelope(
  error: AppError,
  request: FastifyRequest,
  translator: Translator,
): { locale: Locale; body: ErrorEnvelope } {
  const locale = pickLocale(request.headers['accept-language']);
  const body: ErrorEnvelope = {
    code: error.code,
    message: translator.translate(error.code, error.params, locale),
    requestId: String(request.id),
  };
  if (error.details) {
    body.details = error.details.map((issue) => ({
      path: issue.path,
      rule: issue.rule,
      message: issue.message ?? issueMessage(issue, translator, locale),
    }));
  }
  return { locale, body };
}

function issueMessage(issue: Issue, translator: Translator, locale: Locale): string {
  const key = `RULE.${issue.rule}`;
  const text = translator.has(key)
    ? translator.translate(key, issue.params ?? {}, locale)
    : String(issue.params?.reason ?? issue.rule);
  return `${issue.path}: ${text}`;
}

/** Sends an AppError as the envelope. */
export function sendError(
  reply: FastifyReply,
  error: AppError,
  request: FastifyRequest,
  translator: Translator,
): FastifyReply {
  const { locale, body } = renderEnvelope(error, request, translator);
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return reply.code(error.status).header('content-language', locale).send(body);
}

/**
 * When a refused request may be sent again (the Retry-After header): a 503 changed nothing and
 * may be sent after a moment (a reading thread restarting, a server shutting down behind a
 * balancer); a 429 names its own wait.
 */
function retryAfterSeconds(error: AppError): number | undefined {
  if (error.status === 503) return 1;
  const wait = error.params.retryAfterSeconds;
  if (error.status === 429 && typeof wait === 'number' && wait > 0) return Math.ceil(wait);
  return undefined;
}
