/** The console's only way to the server: fetch with the bearer token, one refresh on 401, typed errors. */

export interface ErrorDetail {
  path: string;
  rule: string;
  message: string;
}

/** An error answered by the API in its envelope `{ code, message, details, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const STORE_KEY = 'jinguan.tokens';
let language = 'zh-CN';
let onSignedOut: () => void = () => {};

export function setApiLanguage(lang: string) {
  language = lang;
}

export function onSessionEnded(handler: () => void) {
  onSignedOut = handler;
}

export function loadTokens(): Tokens | undefined {
  const raw = localStorage.getItem(STORE_KEY);
  return raw ? (JSON.parse(raw) as Tokens) : undefined;
}

export function saveTokens(tokens: Tokens | undefined) {
  if (tokens) localStorage.setItem(STORE_KEY, JSON.stringify(tokens));
  else localStorage.removeItem(STORE_KEY);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Raw body (a file upload) sent as is with its own content type. */
  raw?: Blob;
  query?: Record<string, string | number | undefined>;
  auth?: boolean;
}

function url(path: string, query?: RequestOptions['query']) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path: string, options: RequestOptions, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': language };
  let body: BodyInit | undefined;
  if (options.raw) {
    body = options.raw;
    headers['content-type'] = options.raw.type || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(url(path, options.query), { method: options.method ?? 'GET', headers, body });
}

let refreshing: Promise<Tokens | undefined> | undefined;

/** Trades the refresh token for new tokens once, however many requests saw the 401 at the same time. */
function refreshTokens(): Promise<Tokens | undefined> {
  refreshing ??= (async () => {
    const current = loadTokens();
    if (!current) return undefined;
    const response = await send('/api/v1/auth/refresh', {
      method: 'POST',
      body: { refreshToken: current.refreshToken },
    });
    if (!response.ok) return undefined;
    const next = (await response.json()) as Tokens;
    saveTokens({ accessToken: next.accessToken, refreshToken: next.refreshToken });
    return next;
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function toError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as {
      code?: string;
      message?: string;
      details?: ErrorDetail[];
      requestId?: string;
    };
    return new ApiError(
      response.status,
      body.code ?? 'HTTP.ERROR',
      body.message ?? text,
      body.details ?? [],
      body.requestId,
    );
  } catch {
    return new ApiError(response.status, 'HTTP.ERROR', text || response.statusText);
  }
}

/** Calls the API; throws ApiError with the server's message (in the chosen language) on failure. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const useAuth = options.auth !== false;
  let response = await send(path, options, useAuth ? loadTokens()?.accessToken : undefined);
  if (response.status === 401 && useAuth && loadTokens()) {
    const next = await refreshTokens();
    if (!next) {
      saveTokens(undefined);
      onSignedOut();
      throw await toError(response);
    }
    response = await send(path, options, next.accessToken);
  }
  if (!response.ok) throw await toError(response);
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204) return undefined as T;
  return (type.includes('json') ? response.json() : response.text()) as Promise<T>;
}

/** Fetches a protected file (an attachment, the XML) and hands it to the browser as a download. */
export async function download(path: string, fileName: string) {
  let response = await send(path, {}, loadTokens()?.accessToken);
  if (response.status === 401) {
    const next = await refreshTokens();
    if (next) response = await send(path, {}, next.accessToken);
  }
  if (!response.ok) throw await toError(response);
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(href);
}

/** Uploads a file as the request body, reporting progress (0–100); one refresh on 401 like `api`. */
export async function upload<T>(
  path: string,
  file: File,
  query: Record<string, string>,
  onProgress: (percent: number) => void,
): Promise<T> {
  const attempt = (token: string | undefined) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url(path, query));
      xhr.setRequestHeader('accept-language', language);
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
      };
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
      xhr.onerror = () => reject(new ApiError(0, 'HTTP.NETWORK', 'network error'));
      xhr.send(file);
    });
  let answer = await attempt(loadTokens()?.accessToken);
  if (answer.status === 401) {
    const next = await refreshTokens();
    if (next) answer = await attempt(next.accessToken);
  }
  if (answer.status >= 400) throw await toError(new Response(answer.text, { status: answer.status }));
  return JSON.parse(answer.text) as T;
}
