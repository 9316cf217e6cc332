// On a set with bad signal: nothing lost, nobody signed out. Against the real
// server, at 360×740, with the service worker on:
//
// - A performer withdraws; the server records it, but the network drops before
//   the answer arrives. A MutationObserver records every text the consent
//   badges ever show: never "Confirmed" after the tap, "Withdrawal waiting to
//   send" during the outage (on the scene and in the scene list). Back online,
//   the same request goes again with the same Idempotency-Key, the server
//   replays its first answer, the screen says the coordinator has been told,
//   and the audit holds exactly one withdrawal.
// - Saved first: under 10 s of latency, a reload shows the saved scene (and the
//   saved scene list) within about two seconds, before the session refresh has
//   even answered — no "Opening Closed Set…".
// - A refresh answered 503 signs nobody out: the saved scene stays, and the
//   session comes back by itself when the server does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, settled, shutDown, startUp } from './harness.mjs';
import { seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;

before(async () => ({ server, browser, seed } = await startUp({ seed: {} })));
after(shutDown);

const scenePath = (s) => `/productions/${seed.production.id}/scenes/${s.id}`;
const listPath = () => `/productions/${seed.production.id}/scenes`;
const stateBadge = (page) => page.locator('.scene-state .state');
/** The network errors a test that drops the network causes on purpose. */
const OFFLINE_ERRORS = { text: /ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch|FetchEvent/ };

/** Waits until the service worker controls the page, then reloads once through it so the reads are saved. */
async function savedThroughWorker(p, heading) {
  await p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await p.reload();
  await settled(p, heading);
}

/** Every audit event of the seeded production, as the coordinator sees them. */
async function auditEvents() {
  const events = [];
  for (let after = 0; ; ) {
    const page = await seed.coordinator.api('GET', `/productions/${seed.production.id}/audit?limit=200&after=${after}`);
    events.push(...page.events);
    if (!page.next || page.events.length === 0) break;
    after = page.events[page.events.length - 1].seq;
  }
  return events;
}

/**
 * Records, in the page, every text ever shown in a consent badge (the scene's
 * and the scene list's), with whether it was visible on screen.
 */
function installBadgeRecorder() {
  const seen = [];
  window.__badges = seen;
  const last = new Map();
  const record = () => {
    // Rows of a production's scene list and of the home across productions (issue 13).
    const ROW = '[data-testid="scene-row"], [data-testid="home-row"]';
    const badges = document.querySelectorAll('.scene-state .state, [data-testid="scene-row"] .state, [data-testid="home-row"] .state');
    badges.forEach((el, i) => {
      const text = (el.textContent ?? '').trim();
      const where = el.closest(ROW) ? `row:${el.closest(ROW).getAttribute('href')}` : `scene:${i}`;
      if (last.get(where) === text) return;
      last.set(where, text);
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const visible = box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
      seen.push({ at: performance.now(), where, text, visible });
    });
  };
  new MutationObserver(record).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  record();
}

test('a withdrawal whose answer is lost when the network drops is kept, shown as waiting, and delivered exactly once', async () => {
  const scene = await seedScene(seed, { number: '21', title: 'Boathouse' });
  const [alex] = seed.performers;
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed' });
  const perf = await newPage(browser, 'bad-signal performer', { allow: [OFFLINE_ERRORS] });
  const p = perf.page;

  await signInPage(p, server.url, alex, scenePath(scene));
  await settled(p, '21 · Boathouse');
  await savedThroughWorker(p, '21 · Boathouse');
  await stateBadge(p).getByText('Confirmed').waitFor();

  // The withdrawal reaches the server, which records it; then the network
  // drops and its answer never arrives.
  const cdp = await perf.ctx.newCDPSession(p);
  await cdp.send('Network.enable');
  const offline = (yes) =>
    cdp.send('Network.emulateNetworkConditions', { offline: yes, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const attempts = [];
  let first = null;
  await p.route('**/api/v1/scenes/*/consent/withdraw', async (route) => {
    const req = route.request();
    attempts.push({ key: req.headers()['idempotency-key'], body: req.postData() });
    if (attempts.length > 1) return route.continue();
    const answer = await route.fetch();
    first = { status: answer.status(), body: await answer.text() };
    await offline(true);
    await route.abort('internetdisconnected');
  });
  const replies = [];
  p.on('response', (r) => {
    if (/\/consent\/withdraw$/.test(r.url())) replies.push({ status: r.status(), replayed: r.headers()['idempotent-replayed'] ?? null });
  });

  await p.evaluate(installBadgeRecorder);
  await p.getByRole('button', { name: 'Withdraw consent' }).click();
  const dialog = p.getByRole('dialog', { name: 'Withdraw consent?' });
  await dialog.getByText('You can withdraw at any time. No reason needed.').waitFor();
  const tappedAt = await p.evaluate(() => performance.now());
  await dialog.getByRole('button', { name: 'Withdraw consent' }).click();

  try {
    // During the outage: the badge says the withdrawal is waiting, visibly.
    const waiting = stateBadge(p).getByText('Withdrawal waiting to send');
    await waiting.waitFor();
    assert.ok(await waiting.isVisible(), 'the waiting state is on screen, not only for screen readers');
    await p.getByText("Will be sent when you're back online.").waitFor();
    assert.equal(first?.status, 200, 'the server recorded the withdrawal; only its answer was lost');
    const queued = await p.evaluate(() => JSON.parse(localStorage.getItem('closedset.outbox.v1') ?? '[]'));
    assert.equal(queued.length, 1);
    assert.equal(queued[0].idempotencyKey, attempts[0].key, 'the kept withdrawal keeps the key it was sent with');
    assert.equal(await p.getByRole('button', { name: 'Withdraw consent' }).count(), 0, 'no second withdrawal to tap');
    await screenshot(p, 'badsignal-waiting');

    // The home (the Scenes tab, saved first) says the same.
    await p.locator('.tabbar').getByRole('link', { name: 'Scenes' }).click();
    await settled(p, 'Needs you');
    const row = p.locator('[data-testid="home-row"]', { hasText: 'Boathouse' });
    await row.getByText('Withdrawal waiting to send').waitFor();
    assert.ok(await row.locator('.state').isVisible());
    await row.click();
    await settled(p, '21 · Boathouse');
    await stateBadge(p).getByText('Withdrawal waiting to send').waitFor();
    await p.waitForTimeout(1000);
  } finally {
    await offline(false);
  }

  // Back online: sent again with the same key; the server replays its first answer.
  await p.getByText('Your coordinator has been told.', { exact: false }).waitFor({ timeout: 20_000 });
  await stateBadge(p).getByText('Withdrawn').waitFor();
  assert.equal(await p.evaluate(() => localStorage.getItem('closedset.outbox.v1')), null);
  assert.equal(attempts.length, 2, JSON.stringify(attempts));
  assert.equal(attempts[1].key, attempts[0].key, 'the retry used the same Idempotency-Key');
  assert.equal(attempts[1].body, attempts[0].body, '… with the same body');
  assert.deepEqual(replies.at(-1), { status: 200, replayed: 'true' }, JSON.stringify(replies));
  await screenshot(p, 'badsignal-delivered');

  const recorded = await p.evaluate(() => window.__badges);
  const after = recorded.filter((r) => r.at >= tappedAt);
  const texts = after.map((r) => `${r.where} ${r.text}${r.visible ? '' : ' (hidden)'}`);
  assert.ok(!after.some((r) => r.text === 'Confirmed'), `"Confirmed" was shown after the withdraw tap:\n${texts.join('\n')}`);
  assert.ok(
    after.some((r) => r.visible && (r.text === 'Withdrawal waiting to send' || r.text === 'Sending…')),
    `the waiting or sending state was never on screen:\n${texts.join('\n')}`,
  );
  assert.ok(after.some((r) => r.where.startsWith('row:') && r.text === 'Withdrawal waiting to send'), texts.join('\n'));
  assert.equal(after.at(-1).text, 'Withdrawn', texts.join('\n'));

  // Exactly once, as the coordinator sees it.
  const consents = await seed.coordinator.api('GET', `/scenes/${scene.id}/consents`);
  assert.equal(consents.find((x) => x.userId === alex.id).state, 'withdrawn');
  const withdrawals = (await auditEvents()).filter(
    (e) => e.action === 'consent.withdrawn' && e.subjectId === scene.id && e.data.userId === alex.id,
  );
  assert.equal(withdrawals.length, 1, 'the server recorded the withdrawal exactly once');

  await perf.ctx.close();
  assert.deepEqual(perf.problems, [], perf.problems.join('\n'));
});

test('saved first: under 10 s latency a reload shows the saved scene and list at once, the session refreshing behind', async () => {
  const scene = await seedScene(seed, { number: '22', title: 'Lighthouse' });
  const [, sam] = seed.performers;
  const perf = await newPage(browser, 'slow performer', { allow: [OFFLINE_ERRORS] });
  const p = perf.page;

  await signInPage(p, server.url, sam, listPath());
  await settled(p, 'My scenes');
  await savedThroughWorker(p, 'My scenes');
  await p.goto(`${server.url}${scenePath(scene)}`);
  await settled(p, '22 · Lighthouse');
  await savedThroughWorker(p, '22 · Lighthouse');
  await stateBadge(p).getByText('Pending').waitFor();

  // Every heading and status line the page ever shows, from its first moment.
  await perf.ctx.addInitScript(() => {
    const seen = [];
    window.__shown = seen;
    const record = () => {
      for (const el of document.querySelectorAll('h1, .page-title')) {
        const text = (el.textContent ?? '').trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const refreshes = [];
  p.on('request', (r) => r.url().endsWith('/api/v1/auth/refresh') && refreshes.push({ sent: Date.now(), done: null }));
  p.on('requestfinished', (r) => {
    if (!r.url().endsWith('/api/v1/auth/refresh')) return;
    const open = refreshes.find((x) => x.done === null);
    if (open) open.done = Date.now();
  });

  const cdp = await perf.ctx.newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 10_000, downloadThroughput: -1, uploadThroughput: -1 });
  try {
    for (const [path, heading, check] of [
      [scenePath(scene), '22 · Lighthouse', () => p.locator('[data-testid="step"]').first().waitFor({ timeout: 2_500 })],
      [listPath(), 'My scenes', () => p.locator('[data-testid="scene-row"]', { hasText: 'Lighthouse' }).getByText('Pending').waitFor({ timeout: 2_500 })],
    ]) {
      const started = Date.now();
      await p.goto(`${server.url}${path}`, { waitUntil: 'commit' });
      await p.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 2_500 });
      await check();
      const took = Date.now() - started;
      assert.ok(took < 2_500, `${heading} took ${took} ms`);
      const pending = refreshes.filter((x) => x.sent >= started && (x.done === null || x.done > started + took));
      assert.ok(pending.length > 0, `the saved ${heading} was shown before the session refresh answered (${JSON.stringify(refreshes)})`);
      const shown = await p.evaluate(() => window.__shown);
      assert.ok(!shown.includes('Opening Closed Set…'), `no "Opening Closed Set…" before saved data: ${JSON.stringify(shown)}`);
      assert.equal(await p.locator('.skeleton-list').count(), 0, 'no skeleton where saved data exists');
    }
    await screenshot(p, 'badsignal-saved-first');
  } finally {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  }
  // The network answers in the end: still signed in, the list is live.
  await p.waitForFunction(() => !/\/signin/.test(location.pathname));
  await p.locator('[data-testid="scene-row"]', { hasText: 'Lighthouse' }).waitFor();

  await perf.ctx.close();
  assert.deepEqual(perf.problems, [], perf.problems.join('\n'));
});

test('a refresh answered 503 signs nobody out: saved data stays and the session comes back by itself', async () => {
  const scene = await seedScene(seed, { number: '23', title: 'Quayside' });
  const [alex] = seed.performers;
  const perf = await newPage(browser, 'server trouble', {
    allow: [OFFLINE_ERRORS, { status: 503, path: '/api/v1/auth/refresh' }, { status: 401, path: /^\/api\/v1\// }],
  });
  const p = perf.page;

  await signInPage(p, server.url, alex, scenePath(scene));
  await settled(p, '23 · Quayside');
  await savedThroughWorker(p, '23 · Quayside');

  let troubled = 0;
  await p.route('**/api/v1/auth/refresh', (route) => {
    troubled++;
    return route.fulfill({
      status: 503,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
      body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'unavailable' }),
    });
  });
  await p.reload();
  await p.getByRole('heading', { level: 1, name: '23 · Quayside' }).waitFor();
  await p.locator('[data-testid="step"]').first().waitFor();
  // Give the app time to retry a few times; it must stay signed in on its saved scene.
  const until = Date.now() + 4_000;
  while (Date.now() < until || troubled < 2) {
    assert.doesNotMatch(new URL(p.url()).pathname, /\/signin/, 'signed out after a 503 refresh');
    await p.waitForTimeout(250);
  }
  assert.equal(await p.getByText('Your session ended').count(), 0);
  await p.getByRole('heading', { level: 1, name: '23 · Quayside' }).waitFor();
  assert.ok(troubled >= 2, `the refresh was tried again (${troubled})`);

  // The server is back: the session comes back without anyone signing in.
  // (The refresh answer carries the person: the app needs no GET /me then.)
  const back = p.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200, { timeout: 40_000 });
  await p.unroute('**/api/v1/auth/refresh');
  await back;
  assert.doesNotMatch(new URL(p.url()).pathname, /\/signin/);
  await stateBadge(p).getByText('Pending').waitFor();

  await perf.ctx.close();
  assert.deepEqual(perf.problems, [], perf.problems.join('\n'));
});
