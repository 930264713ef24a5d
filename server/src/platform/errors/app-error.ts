/** One problem with one field: where, which rule, and the values the message needs. */
export interface Issue {
  path: string;
  rule: string;
  params?: Record<string, unknown>;
  /** Filled in by the HTTP layer from the i18n catalogue. */
  message?: string;
}

/**
 * The one error type for anything a caller did wrong or asked for that cannot be done.
 * `code` is namespaced (`MODULE.REASON`) and keys the i18n catalogue; `params` fill its message.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly details?: Issue[],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** 400 with every issue found, each naming its field and rule. */
export function invalid(code: string, issues: Issue[]): AppError {
  return new AppError(code, 400, { count: issues.length }, issues);
}

/** 404: the record does not exist or is outside the caller's scope (the two are never told apart). */
export function notFound(code: string, params: Record<string, unknown> = {}): AppError {
  return new AppError(code, 404, params);
}

/** 409: the request conflicts with the current state. */
export function conflict(code: string, params: Record<string, unknown> = {}): AppError {
  return new AppError(code, 409, params);
}
