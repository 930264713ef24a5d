import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/cli/demo/identity.demo.ts';
import { totpCode, totpStep } from '../../src/platform/identity/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The console built into a temp folder (the working tree's console/dist stays as it is). */
function buildConsole(outDir: string) {
  execFileSync('npm', ['run', 'build', '-w', 'console', '--', '--outDir', outDir, '--emptyOutDir'], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 120_000,
  });
}

export interface Stack {
  baseUrl: string;
  /** The server's database, for a step the browser cannot take (a sweep on a later day). */
  databaseUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

/** Builds the console, starts the real server with the demo seed on a fresh database, launches chromium. */
export async function startStack(): Promise<Stack> {
  const work = mkdtempSync(join(tmpdir(), 'jinguan-e2e-'));
  const consoleDir = join(work, 'console');
  buildConsole(consoleDir);
  const database: TestDatabase = await createTestDatabase();
  const port = await freePort();
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/cli/index.ts', 'serve', '--demo'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        CONSOLE_DIR: consoleDir,
        LOG_LEVEL: 'warn',
        SQLITE_SYNCHRONOUS: 'NORMAL',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // Should the test process end abruptly, the server goes with it.
  const killServer = () => server.kill('SIGKILL');
  process.once('exit', killServer);
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stopServer = async () => {
    process.off('exit', killServer);
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    await database.drop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await waitReady(baseUrl, server, () => stderr);
  } catch (error) {
    await stopServer();
    throw error;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    baseUrl,
    databaseUrl: database.url,
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      await stopServer();
    },
  };
}

async function waitReady(baseUrl: string, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}): ${log()}`);
    const ok = await fetch(`${baseUrl}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`server not ready in time: ${log()}`);
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page (a test fails if there are any). */
  errors: string[];
}

export interface Story {
  /** The stack, once the story's beforeAll has started it. */
  readonly stack: Stack;
  /** Every session opened, in order. */
  sessions: Session[];
  /** Signs a demo account in and keeps its session, so its page's errors are checked at the end. */
  open(username: string): Promise<Session>;
}

/**
 * A browser story (call inside its `describe`): a stack started before its tests and stopped after
 * them, then every page it opened checked for uncaught errors.
 */
export function browserStory(): Story {
  let stack: Stack | undefined;
  const sessions: Session[] = [];
  beforeAll(async () => {
    stack = await startStack();
  }, 240_000);
  afterAll(async () => {
    // Stop the server and the browser first, so a failed assertion below leaves nothing running.
    await stack?.stop();
    for (const session of sessions) expect(session.errors, 'uncaught errors in the page').toEqual([]);
  }, 240_000);
  const started = () => {
    if (!stack) throw new Error('the stack starts in beforeAll');
    return stack;
  };
  return {
    get stack() {
      return started();
    },
    sessions,
    // Not a method using `this`: stories take it out of the object.
    open: async (username: string) => {
      const session = await signIn(started(), username);
      sessions.push(session);
      return session;
    },
  };
}

/** Signs a demo account in through the login page (with a TOTP code when the page asks for one). */
export async function signIn(stack: Stack, username: string, locale = 'zh-CN'): Promise<Session> {
  const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${stack.baseUrl}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  const totp = page.getByTestId('login-totp');
  const whoami = page.getByTestId('whoami');
  await Promise.race([totp.waitFor(), whoami.waitFor()]);
  if (await totp.isVisible()) {
    await totp.fill(totpCode(DEMO_TOTP_SECRET, totpStep(new Date())));
    await page.getByTestId('login-submit').click();
  }
  await whoami.waitFor();
  return { context, page, errors };
}

export type ApiCall = (
  path: string,
  init?: { method?: string; body?: string; headers?: Record<string, string> },
) => Promise<Response>;

/** Signs a demo account in over the API (with a TOTP code when asked) and calls the API as it. */
export async function apiAs(stack: Stack, username: string): Promise<ApiCall> {
  const login = (totp?: string) =>
    fetch(`${stack.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) }),
    });
  let response = await login();
  if (
    !response.ok &&
    ((await response.clone().json()) as { code?: string }).code === 'IDENTITY.TOTP_REQUIRED'
  ) {
    // A code is accepted once per account: should this step's be used already, the next step's is valid too.
    for (const offset of [0, 1]) {
      response = await login(totpCode(DEMO_TOTP_SECRET, totpStep(new Date()) + offset));
      if (response.ok) break;
    }
  }
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return (path, init = {}) =>
    fetch(`${stack.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${accessToken}`, 'accept-language': 'en', ...init.headers },
    });
}

export async function shot(page: Page, name: string) {
  await page.waitForTimeout(300); // let antd's transitions settle
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Clicks a button of the open dialog once the dialog has finished opening. Playwright aims at where the
 * button is and clicks a moment later; during the dialog's zoom-in it has moved by then, and on a loaded
 * machine the click missed it (the dialog stayed open and the step never ran).
 */
export async function clickInDialog(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  await button.waitFor();
  // An expression, run in the page (this project's TypeScript has no DOM types).
  await page.waitForFunction("!document.querySelector('.ant-zoom-appear, .ant-zoom-enter')");
  await button.click();
}

export const chromiumPresent = existsSync(CHROMIUM);
