// The performer's first screen (issue 14, PWA): a signed-in performer opens
// "/" ("Needs you"). measureFirstScreen opens it in a fresh browser context
// (cold: empty HTTP cache, no service worker, nothing saved on the device but
// the signed-in marker and the refresh cookie) and, with `warm`, once more in
// the same context after the service worker has taken over. It reports the
// JS files the page fetched until the heading showed, their gzipped size
// (gzip -9 of each body, as `vite build` reports it), and the times from
// navigation start until the heading and until the rows showed.
// Used by e2e/budget.test.mjs (the budget, in `make test`) and
// perf/first-render.mjs (`make bench-pwa`, throttled).
import { gzipSync } from 'node:zlib';
import { PASSWORD } from '../e2e/seed.mjs';
import { VIEWPORT } from '../e2e/harness.mjs';

/** A mid-range phone on a slow network: CPU 4× slower, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up. */
export const PHONE = { cpu: 4, latency: 150, down: 1.6e6 / 8, up: 750e3 / 8 };

/** Watches the page from its first byte: when the "Needs you" heading and when the rows (or the calm empty text) appear. */
function markers() {
  const seen = {};
  const check = () => {
    const h1 = document.querySelector('h1.page-title');
    if (!seen.heading && h1 && h1.textContent === 'Needs you') seen.heading = performance.now();
    if (!seen.rows && seen.heading && document.querySelector('[data-testid="home-row"], [data-testid="home-calm"], .empty') && !document.querySelector('.skeleton-list')) {
      seen.rows = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  Object.defineProperty(window, '__firstScreen', { value: seen });
}

const gzCache = new Map();
async function gzipSize(url) {
  if (!gzCache.has(url)) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    gzCache.set(url, { raw: body.length, gz: gzipSync(body, { level: 9 }).length });
  }
  return gzCache.get(url);
}

async function throttle(ctx, page, profile) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.down,
    uploadThroughput: profile.up,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  return cdp;
}

/** Opens "/" and waits for the heading and the rows; returns the times and the JS fetched before the heading. */
async function openHome(page, base, timeout) {
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__firstScreen?.heading && window.__firstScreen?.rows, null, { timeout, polling: 50 });
  const { heading, rows, scripts } = await page.evaluate(() => ({
    heading: window.__firstScreen.heading,
    rows: window.__firstScreen.rows,
    scripts: performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime <= window.__firstScreen.heading && new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ url: e.name, cached: e.transferSize === 0 })),
  }));
  const files = [];
  for (const s of scripts) files.push({ ...s, path: new URL(s.url).pathname, ...(await gzipSize(s.url)) });
  return { heading, rows, files, gz: files.reduce((n, f) => n + f.gz, 0) };
}

/**
 * Measures a performer's first screen. who: { email } with the seed's
 * password. profile: PHONE to throttle, or null. warm: also open it again
 * once the service worker controls the page.
 */
export async function measureFirstScreen(browser, base, who, { profile = null, warm = false, timeout = 60_000 } = {}) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London', serviceWorkers: 'allow' });
  try {
    // Signed in without opening a page: the refresh cookie, and the marker the app's own sign-in leaves.
    const login = await ctx.request.post(`${base}/api/v1/auth/login`, { data: { email: who.email, password: PASSWORD } });
    if (!login.ok()) throw new Error(`sign-in answered ${login.status()}`);
    await ctx.addInitScript(() => {
      try {
        localStorage.setItem('closedset.signedIn', '1');
      } catch {
        // not yet an origin (about:blank)
      }
    });
    await ctx.addInitScript(markers);
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (profile) await throttle(ctx, page, profile);
    const cold = await openHome(page, base, timeout);
    let warmRun = null;
    if (warm) {
      // The worker installed (every chunk precached) and controls the page; what was read is saved.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
        }
      });
      warmRun = await openHome(page, base, timeout);
    }
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
    return { cold, warm: warmRun };
  } finally {
    await ctx.close();
  }
}

/** One line per file, for a report. */
export function describeFiles(files) {
  return files.map((f) => `${f.path} ${(f.gz / 1024).toFixed(1)} KB gz (${(f.raw / 1024).toFixed(1)} KB)`).join('\n');
}
