// Test harness for the browser tests: starts the real Go server on a free
// loopback port with a temporary SQLite database, launches Debian's Chromium
// through playwright-core, and collects console errors and CSP violations.
//
// Environment: CLOSEDSET_BIN (absolute path to a built server; when unset the
// server is built from the repository root with `go build`), CHROMIUM (the
// browser binary, default /usr/bin/chromium), E2E_SCREENSHOTS (a directory to
// write screenshots into, for people reviewing the UI).
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, mkdir, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { seedProduction } from './seed.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../..');
export const VIEWPORT = { width: 360, height: 740 };

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for chromium.launch / launchPersistentContext. */
export function browserOptions(extra = {}) {
  return {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    ...extra,
  };
}

/** Launches the browser. */
export function launchBrowser() {
  return chromium.launch(browserOptions());
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function serverBinary(dir) {
  if (process.env.CLOSEDSET_BIN) return process.env.CLOSEDSET_BIN;
  try {
    await access(path.join(REPO_ROOT, 'frontend', 'dist', 'index.html'));
  } catch {
    throw new Error('frontend/dist has no index.html: run `npm run build` before the browser tests');
  }
  const out = path.join(dir, 'closedset');
  await promisify(execFile)('go', ['build', '-o', out, '.'], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
  return out;
}

/**
 * Starts the server and waits until GET /readyz answers 200. Returns its base
 * URL, its log and stop(). `env` adds to (or overrides) the server's
 * environment, e.g. { CLOSEDSET_SMTP_URL: receiver.url } to turn e-mail on.
 */
export async function startServer({ env = {} } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'closedset-e2e-'));
  const bin = await serverBinary(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = [];
  const child = spawn(bin, [], {
    cwd: dir,
    env: {
      ...process.env,
      CLOSEDSET_ADDR: `127.0.0.1:${port}`,
      CLOSEDSET_DATABASE: `file:${path.join(dir, 'e2e.db')}`,
      CLOSEDSET_PUBLIC_URL: url,
      CLOSEDSET_DEMO: 'false',
      // Push endpoints in the browser tests point at a local receiver.
      CLOSEDSET_PUSH_ALLOWED_HOSTS: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log.join('')}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 30s:\n${log.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What startUp started, stopped by shutDown in reverse order. */
const running = [];

/**
 * The start of a test file: the server, the browser and, with `push`, a local
 * push receiver; with `seed` (options for seedProduction, {} for its
 * defaults), a production with its people; `env` goes to startServer. Use it
 * in `before`; shutDown, run by `after`, stops them all.
 */
export async function startUp({ push = false, seed, env } = {}) {
  const [server, receiver] = await Promise.all([startServer({ env }), push ? startPushReceiver() : null]);
  running.push(server);
  if (receiver) running.push(receiver);
  const browser = await launchBrowser();
  running.push({ stop: () => browser.close() });
  return { server, receiver, browser, seed: seed ? await seedProduction(server.url, seed) : undefined };
}

/** Stops what startUp started: the browser, then the push receiver, then the server. */
export async function shutDown() {
  while (running.length) await running.pop().stop();
}

/**
 * A new browser context (360×740, Europe/London; `context` adds options) with
 * one page, watched for console errors with the signed-out refresh, a missing
 * rider and `allow` allowed. `prepare(ctx)` runs before the page opens.
 */
export async function newPage(browser, label, { allow = [], context = {}, prepare } = {}) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London', ...context });
  if (prepare) await prepare(ctx);
  const page = await ctx.newPage();
  const problems = watchPage(page, label, [EXPECTED.signedOutRefresh, EXPECTED.noRider, ...allow]);
  return { ctx, page, problems };
}

/**
 * A DevTools session on the page and the id of the page's service worker
 * registration: what ServiceWorker.deliverPushMessage needs to push to it.
 */
export async function workerRegistration(ctx, page, origin) {
  const cdp = await ctx.newCDPSession(page);
  const registered = new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL === `${origin}/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, registrationId: await registered };
}

/**
 * Records console errors, uncaught exceptions and CSP violations of a page.
 * `allow` lists expected failed requests as { status, path } (for example the
 * 401 from /api/v1/auth/refresh when someone opens the app signed out); path
 * may be a RegExp, and { text } (a RegExp) allows messages by their text (the
 * network errors of a test that takes the browser offline).
 */
export function watchPage(page, label, allow = []) {
  const problems = [];
  const allowed = (msg) => {
    const loc = msg.location()?.url ?? '';
    let pathname = '';
    try {
      pathname = new URL(loc).pathname;
    } catch {
      pathname = '';
    }
    return allow.some((a) => {
      if (a.text && !a.text.test(msg.text())) return false;
      if (a.status !== undefined && !msg.text().includes(`status of ${a.status}`)) return false;
      if (a.path instanceof RegExp) return a.path.test(pathname);
      if (a.path !== undefined) return pathname === a.path;
      return true;
    });
  };
  page.on('console', (msg) => {
    if (msg.type() !== 'error' || allowed(msg)) return;
    problems.push(`${label}: console error: ${msg.text()} (${msg.location()?.url ?? ''})`);
  });
  page.on('pageerror', (err) => problems.push(`${label}: uncaught: ${err.message}`));
  return problems;
}

/** Failed requests the app makes on purpose, which the console reports as errors. */
export const EXPECTED = {
  signedOutRefresh: { status: 401, path: '/api/v1/auth/refresh' },
  /** A cast member without a rider yet: the scene screens ask and get 404. */
  noRider: { status: 404, path: /^\/api\/v1\/scenes\/[^/]+\/riders\/[^/]+$/ },
};

/**
 * A local push service: accepts every message (201) and records who it was
 * for, so a test can see that the server pushed to a subscription.
 */
export async function startPushReceiver() {
  const { createServer: createHttpServer } = await import('node:http');
  const received = [];
  const srv = createHttpServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, bytes: Buffer.concat(chunks).length, at: Date.now() });
      res.writeHead(201).end();
    });
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${srv.address().port}`;
  return {
    base,
    received,
    /** Waits until a message for path has arrived; returns it. */
    async waitFor(path, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = received.find((r) => r.path === path);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no push for ${path} within ${ms} ms; got ${JSON.stringify(received.map((r) => r.path))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => new Promise((resolve) => srv.close(resolve)),
  };
}

/** Takes a screenshot when E2E_SCREENSHOTS names a directory. */
export async function screenshot(page, name) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/** Waits until the screen has settled: heading shown and no skeletons left. */
export async function settled(page, heading) {
  try {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 10_000 });
  } catch (err) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '');
    throw new Error(`no heading "${heading}" at ${page.url()}; the page says:\n${text}\n${err.message}`);
  }
  await page.locator('.skeleton-list').first().waitFor({ state: 'detached' }).catch(() => {});
  await page.waitForFunction(() => document.querySelectorAll('.skeleton-list').length === 0);
}

/** Signs up through the UI from the sign-up screen. */
export async function signUpViaUI(page, { email, password, displayName, pronouns }) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#displayName').fill(displayName);
  if (pronouns) await page.locator('#pronouns').fill(pronouns);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Creates a production through the UI from "My productions"; returns its id. */
export async function createProductionViaUI(page, title, kind = 'film') {
  await page.getByRole('link', { name: 'Create production' }).click();
  await settled(page, 'Create production');
  await page.locator('#title').fill(title);
  await page.locator('#kind').selectOption(kind);
  await page.getByRole('button', { name: 'Create production' }).click();
  await page.waitForURL(/\/productions\/[^/]+$/);
  await settled(page, title);
  return new URL(page.url()).pathname.split('/').pop();
}

/**
 * Creates an invite from the production page (through its "Members and
 * invites" screen, where the form lives) or on that screen; returns the link
 * shown.
 */
export async function inviteViaUI(page, email, role) {
  if (!(await page.locator('#invite-email').isVisible())) {
    await page.getByTestId('members-link').click();
    await settled(page, 'Members and invites');
  }
  await page.locator('#invite-email').fill(email);
  if (role) await page.locator('#invite-role').selectOption(role);
  // "Send invite" when the server sends e-mail.
  await page.getByRole('button', { name: /^(Create invite link|Send invite)$/ }).click();
  const link = page.locator('#invite-link');
  await link.waitFor();
  return link.inputValue();
}

/** Waits until the service worker controls the page, so the reads it makes next are saved on the device. */
export async function workerControls(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
}

/** Every API URL the service worker saved on this device (all people's caches), as paths with their query. */
export async function savedApiPaths(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith('closedset-api-')) continue;
      const cache = await caches.open(name);
      for (const r of await cache.keys()) {
        const u = new URL(r.url);
        out.push(u.pathname + u.search);
      }
    }
    return out.sort();
  });
}

/** Runs axe (legacy mode, in the page) and returns the serious and critical violations as lines. */
export async function seriousAxe(page, label) {
  const { AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `[${label}] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('\n    ')}`);
}
