// Notifications end to end against the real server, at 360×740: turning push
// on (the permission prompt only after the tap) registers the subscription
// with the API and turning it off deletes it; a check-in push delivered
// through DevTools shows a notification whose page is the check-in screen,
// where one tap on "Stop" is recorded; the inbox counts unread notifications
// on its tab, pages with "Load more" and marks read what is opened; the
// coordinator's board shows answers as they arrive; debriefs are scheduled,
// moved and downloaded as calendar files.
//
// Headless Chromium has no push service, so PushManager is stubbed in the
// page (seed.mjs stubPushManager) with a subscription whose endpoint is a
// local receiver (harness.mjs startPushReceiver); the server is started with
// CLOSEDSET_PUSH_ALLOWED_HOSTS=127.0.0.1 and really pushes to it. No page may
// log a console error or CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { EXPECTED, VIEWPORT, newPage, screenshot, settled, shutDown, startUp, watchPage, workerRegistration } from './harness.mjs';
import { callTimeIn, fakeSubscription, seedScene, signInPage, stubPushManager } from './seed.mjs';

let server;
let receiver;
let browser;
let seed;
let scene;
/** Whether the server answers the check-in endpoints (501 until they are implemented). */
let checkinsReady = false;
const CHECKINS_PENDING = 'the server does not implement check-ins yet (GET /api/v1/me/checkins answers 501)';

before(async () => {
  ({ server, receiver, browser, seed } = await startUp({ push: true, seed: { title: 'Night Shoot' } }));
  scene = await seedScene(seed, { number: '12', title: 'Stairwell' });
  const probe = await fetch(`${server.url}/api/v1/me/checkins?open=true`, {
    headers: { Authorization: `Bearer ${seed.performers[0].token}` },
  });
  checkinsReady = probe.status === 200;
});

after(shutDown);

/** A browser context for someone, with notifications allowed and PushManager stubbed with sub. */
function open(label, sub) {
  return newPage(browser, label, {
    context: { acceptDownloads: true },
    prepare: async (ctx) => {
      await ctx.grantPermissions(['notifications'], { origin: server.url });
      if (sub) await ctx.addInitScript(stubPushManager, sub);
    },
  });
}

/** Registers sub for who directly through the API; resolves to the status (201 new, 200 known). */
async function postSubscription(who, sub) {
  const res = await fetch(`${server.url}/api/v1/push/subscriptions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(sub),
  });
  return res.status;
}

async function deleteSubscription(who, sub) {
  const res = await fetch(`${server.url}/api/v1/push/subscriptions?endpoint=${encodeURIComponent(sub.endpoint)}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${who.token}` },
  });
  return res.status;
}

/** Turns notifications on from Me → Notifications. */
async function turnOn(page) {
  await page.getByRole('link', { name: 'Me', exact: true }).click();
  await settled(page, 'Me');
  await page.getByRole('link', { name: /Notifications on this device/ }).click();
  await settled(page, 'Notifications');
  await page.getByRole('button', { name: 'Turn on notifications' }).click();
  await page.getByText('Notifications are on for this device.').waitFor();
}

async function unreadOf(who) {
  const page = await who.api('GET', '/notifications?unread=true&limit=200');
  return page.items.length;
}

test('turning notifications on registers the subscription; turning off deletes it', async () => {
  const [alex] = seed.performers;
  const sub = fakeSubscription(receiver.base, 'alex-optin');
  const { ctx, page, problems } = await open('alex opt-in', sub);
  await signInPage(page, server.url, alex, '/me');
  await settled(page, 'Me');
  await page.getByRole('link', { name: /Notifications on this device/ }).click();
  await settled(page, 'Notifications');
  const state = page.getByTestId('push-state');
  // Allowed by the browser but not turned on: nothing subscribed before the tap.
  await state.getByText('Off', { exact: true }).waitFor();
  await page.getByText('so you hear about choreography changes and on-set check-ins').waitFor();
  assert.equal(await page.evaluate(() => window.__e2ePushSubscribed ?? 0), 0);
  const button = page.getByRole('button', { name: 'Turn on notifications' });
  assert.ok((await button.boundingBox()).y > (VIEWPORT.height * 2) / 3, 'the button sits in the bottom third');
  await screenshot(page, 'push-off');

  await button.click();
  await page.getByText('Notifications are on for this device.').waitFor();
  await state.getByText('On', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => window.__e2ePushSubscribed), 1);
  // The server has it: the same subscription again is "already stored".
  assert.equal(await postSubscription(alex, sub), 200);
  await screenshot(page, 'push-on');

  // Still on after a reload (and registered again quietly).
  await page.reload();
  await settled(page, 'Notifications');
  await state.getByText('On', { exact: true }).waitFor();

  await page.getByRole('button', { name: 'Turn off' }).click();
  await page.getByText('Notifications are off for this device.').waitFor();
  await state.getByText('Off', { exact: true }).waitFor();
  // Deleted on the server: storing it again is new (201). A delete answers
  // 204 whether or not there is one (api.md), so it reveals nothing.
  assert.equal(await postSubscription(alex, sub), 201);
  assert.equal(await deleteSubscription(alex, sub), 204);
  assert.equal(await deleteSubscription(alex, sub), 204);

  await page.getByRole('button', { name: 'Turn on notifications' }).click();
  await state.getByText('On', { exact: true }).waitFor();
  assert.equal(await postSubscription(alex, sub), 200);
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the browser is asked for permission only after the tap', async () => {
  const [alex] = seed.performers;
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  await ctx.addInitScript(() => {
    window.__e2eAsked = 0;
    const ask = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (...args) => {
      window.__e2eAsked += 1;
      return ask(...args);
    };
  });
  const page = await ctx.newPage();
  const problems = watchPage(page, 'alex not asked', [EXPECTED.signedOutRefresh]);
  await signInPage(page, server.url, alex, '/me/notifications');
  await settled(page, 'Notifications');
  await page.getByTestId('push-state').getByText('Not turned on yet').waitFor();
  assert.equal(await page.evaluate(() => Notification.permission), 'default');
  assert.equal(await page.evaluate(() => window.__e2eAsked), 0, 'nothing asked before the tap');
  await page.getByRole('button', { name: 'Turn on notifications' }).click();
  await page.waitForFunction(() => window.__e2eAsked === 1);
  // Headless Chromium answers the prompt itself; whatever it says is shown, never "On".
  await page.getByRole('button', { name: 'Turn on notifications' }).or(page.getByText('Blocked by the browser')).first().waitFor();
  assert.equal(await page.getByTestId('push-state').getByText('On', { exact: true }).count(), 0);
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a check-in push shows a notification; its page records one tap on Stop', async (t) => {
  if (!checkinsReady) return t.skip(CHECKINS_PENDING);
  const [alex] = seed.performers;
  const sub = fakeSubscription(receiver.base, 'alex-checkin');
  const { ctx, page, problems } = await open('alex check-in', sub);
  await signInPage(page, server.url, alex, `/productions/${seed.production.id}/checkins`);
  await settled(page, 'Check-ins');
  await page.getByText('No check-ins').waitFor();
  await turnOn(page);

  // The coordinator asks; the server pushes to Alex's subscription.
  const checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 4', expiresInSec: 600 });
  await receiver.waitFor(new URL(sub.endpoint).pathname);
  const inbox = await alex.api('GET', '/notifications?limit=50');
  const n = inbox.items.find((x) => x.type === 'checkin.requested');
  assert.ok(n, 'the check-in is in the inbox');
  const url = `/productions/${seed.production.id}/checkins/${checkin.id}`;
  assert.equal(n.url, url);

  // The same notification, delivered as a push through DevTools.
  const reg = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(reg, `${server.url}/`);
  const { cdp, registrationId } = await workerRegistration(ctx, page, server.url);
  const payload = JSON.stringify({
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    url: n.url,
    productionId: n.productionId,
    sceneId: n.sceneId,
    createdAt: n.createdAt,
  });
  const shown = async () =>
    page.evaluate(async () => {
      const r = await navigator.serviceWorker.ready;
      return (await r.getNotifications()).map((x) => ({ title: x.title, body: x.body, tag: x.tag, url: x.data?.url, id: x.data?.id }));
    });
  const want = { title: 'Night Shoot', body: n.body, tag: `checkin.requested:${scene.id}`, url, id: n.id };
  let seen = [];
  // Headless Chromium now and then drops a DevTools push; deliver again (up to 4 times) if nothing shows.
  for (let attempt = 0; attempt < 4 && !seen.some((x) => JSON.stringify(x) === JSON.stringify(want)); attempt++) {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: payload });
    const deadline = Date.now() + 3000;
    do {
      seen = await shown();
      if (seen.some((x) => JSON.stringify(x) === JSON.stringify(want))) break;
      await page.waitForTimeout(100);
    } while (Date.now() < deadline);
  }
  assert.deepEqual(seen.find((x) => x.id === n.id), want, JSON.stringify(seen));
  assert.doesNotMatch(JSON.stringify(seen), /kiss|touch|nud/i, 'the notification names no content');
  // Two alerts for the same scene both stay: one answer never hides another.
  for (const [id, body] of [
    ['a1', 'Scene 12: a performer answered stop.'],
    ['a2', 'Scene 12: a performer asked to pause.'],
  ]) {
    const alert = { id, type: 'checkin.alert', title: 'Night Shoot', body, url, productionId: seed.production.id, sceneId: scene.id };
    for (let attempt = 0; attempt < 4 && !(await shown()).some((x) => x.id === id); attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(alert) });
      await shownWithin(page, id, 3000);
    }
  }
  const alerts = (await shown()).filter((x) => x.id === 'a1' || x.id === 'a2');
  assert.equal(alerts.length, 2, JSON.stringify(alerts));
  // The worker told the page: the Inbox tab counts what needs the person (issue 13: the summary's needsYou).
  const { needsYou } = await alex.api('GET', '/notifications/summary');
  await page.waitForFunction((count) => document.querySelector('[data-testid="inbox-badge"]')?.textContent?.trim() === String(count), needsYou);

  // Opening the notification opens its page (the worker adds the id, so it is marked read).
  await page.goto(`${server.url}${url}?notification=${encodeURIComponent(n.id)}`);
  await settled(page, 'Check-in · Scene 12');
  await page.getByTestId('checkin-reason').getByText('before take 4').waitFor();
  assert.match(await page.getByTestId('checkin-timer').innerText(), /^\d+:\d\d left$/);
  await page.waitForURL((u) => !u.search.includes('notification'));
  for (let i = 0; i < 50 && (await alex.api('GET', '/notifications?limit=50')).items.find((x) => x.id === n.id).readAt === null; i++) {
    await page.waitForTimeout(100);
  }
  assert.notEqual((await alex.api('GET', '/notifications?limit=50')).items.find((x) => x.id === n.id).readAt, null, 'opened means read');

  // Three large, equal answers in the bottom third; one tap answers.
  const buttons = ['OK', 'Need a moment', 'Stop'].map((name) => page.getByRole('button', { name, exact: true }));
  const boxes = await Promise.all(buttons.map((b) => b.boundingBox()));
  for (const box of boxes) {
    assert.equal(Math.round(box.width), Math.round(boxes[0].width), 'equal width');
    assert.equal(Math.round(box.height), Math.round(boxes[0].height), 'equal height');
    assert.ok(box.height >= 88 && box.width >= 88, 'large targets');
    assert.ok(box.y > (VIEWPORT.height * 2) / 3 - 40, 'in thumb reach');
  }
  await screenshot(page, 'checkin-open');
  await buttons[2].click();
  await page.getByText('Your coordinator has been told.').waitFor();
  await page.getByText('Your answer: Stop').waitFor();
  assert.equal(await buttons[2].getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('textbox').count(), 0, 'no reason was asked for');
  await screenshot(page, 'checkin-answered');

  const board = await seed.coordinator.api('GET', `/checkins/${checkin.id}`);
  assert.equal(board.responses.find((r) => r.userId === alex.id).answer, 'stop');
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the inbox counts what needs the person on its tab, collapses versions, pages with Load more and marks read what is opened', async () => {
  const [, sam] = seed.performers;
  // Enough notifications for two pages: each published version tells the cast.
  const steps = scene.choreography.steps;
  for (let v = 0; v < 20; v++) {
    await seed.coordinator.api('POST', `/scenes/${scene.id}/choreography`, { summary: `Revision ${v + 2}`, steps });
  }
  const total = (await sam.api('GET', '/notifications?limit=200')).items.length;
  assert.ok(total > 20, `more than a page (${total})`);
  const { needsYou } = await sam.api('GET', '/notifications/summary');
  assert.ok(needsYou < total, 'superseded versions no longer need Sam');
  const { ctx, page, problems } = await open('sam inbox');
  await signInPage(page, server.url, sam, '/inbox');
  await settled(page, 'Inbox');
  await page.waitForFunction((n) => document.querySelector('[data-testid="inbox-badge"]')?.textContent?.trim() === String(n), needsYou);
  await page.getByTestId('inbox-needs').getByText(`Needs you: ${needsYou}`).waitFor();
  // The 21 versions of the scene are one row, the newest, the others behind a disclosure.
  const versions = page.getByTestId('inbox-row').filter({ hasText: /Scene 12: new choreography/ });
  assert.equal(await versions.count(), 1);
  assert.match(await versions.first().innerText(), /version 21/, 'newest first');
  await screenshot(page, 'inbox');
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
  assert.equal(await versions.count(), 1, 'still one row once every page is loaded');
  await page.getByTestId('inbox-earlier').getByText('20 earlier versions').waitFor();

  // Opening one marks it read and goes where it points.
  const newest = (await sam.api('GET', '/notifications?limit=1')).items[0];
  await versions.first().click();
  await settled(page, '12 · Stairwell');
  for (let i = 0; i < 50 && (await sam.api('GET', '/notifications?limit=1')).items[0].readAt === null; i++) await page.waitForTimeout(100);
  assert.notEqual((await sam.api('GET', '/notifications?limit=1')).items[0].readAt, null);
  assert.equal(newest.id, (await sam.api('GET', '/notifications?limit=1')).items[0].id);

  await page.getByRole('link', { name: /Inbox/ }).click();
  await settled(page, 'Inbox');
  await versions.first().waitFor(); // the list is shown, and with it the button when anything is unread
  if (await page.getByRole('button', { name: 'Mark all as read' }).count()) {
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByRole('button', { name: 'Mark all as read' }).waitFor({ state: 'detached' });
  }
  await page.waitForFunction(() => document.querySelectorAll('.inbox-new').length === 0);
  for (let i = 0; i < 50 && (await unreadOf(sam)) > 0; i++) await page.waitForTimeout(100);
  assert.equal(await unreadOf(sam), 0);
  const after = (await sam.api('GET', '/notifications/summary')).needsYou;
  await page.waitForFunction((n) => (document.querySelector('[data-testid="inbox-badge"]')?.textContent?.trim() ?? '') === (n ? String(n) : ''), after);
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the board shows answers as they arrive; debriefs are scheduled, moved and downloaded', async (t) => {
  if (!checkinsReady) return t.skip(CHECKINS_PENDING);
  const [alex, sam] = seed.performers;
  const coord = await open('coordinator');
  const c = coord.page;
  // The coordinator's screens follow the production's event stream.
  const streamed = c.waitForRequest((r) => /\/api\/v1\/productions\/[^/]+\/events\?ticket=/.test(r.url()));
  await signInPage(c, server.url, seed.coordinator, `/productions/${seed.production.id}/scenes/${scene.id}`);
  await settled(c, '12 · Stairwell');
  await c.getByRole('link', { name: 'Request check-in' }).click();
  await settled(c, 'Check-in for 12 · Stairwell');
  // Everyone is asked unless someone is unticked; five minutes by default.
  assert.equal(await c.getByRole('checkbox', { name: alex.name }).isChecked(), true);
  assert.equal(await c.getByRole('checkbox', { name: sam.name }).isChecked(), true);
  assert.equal(await c.locator('#expiresInSec').inputValue(), '300');
  await c.getByRole('button', { name: 'Send check-in' }).click();
  await c.getByText('Please correct the highlighted fields.').waitFor();
  await c.getByLabel('What it is about').fill('before take 5');
  await c.getByRole('button', { name: 'Send check-in' }).click();
  await c.waitForURL(/\/checkins\/[^/]+$/);
  await settled(c, 'Check-in · Scene 12');
  const checkinId = c.url().split('/').pop();
  const answers = c.getByTestId('checkin-answer');
  await answers.filter({ hasText: alex.name }).getByText('Not answered yet').waitFor();
  await answers.filter({ hasText: sam.name }).getByText('Not answered yet').waitFor();
  await c.getByText('2 not answered').waitFor();
  await streamed;

  // Answers arrive while the coordinator watches (the stream says so; polling every 3 s if it is down).
  await alex.api('POST', `/checkins/${checkinId}/response`, { answer: 'ok' });
  await answers.filter({ hasText: alex.name }).getByText('OK', { exact: true }).waitFor({ timeout: 8000 });
  await c.getByText('1 OK · 1 not answered').waitFor();
  await sam.api('POST', `/checkins/${checkinId}/response`, { answer: 'pause' });
  await answers.filter({ hasText: sam.name }).getByText('Need a moment').waitFor({ timeout: 8000 });
  await c.getByRole('alert').getByText(sam.name).waitFor();
  await screenshot(c, 'checkin-board');

  // The Board tab has it too.
  await c.locator('.tabbar').getByRole('link', { name: 'Board' }).click();
  await settled(c, 'Board');
  await c.getByTestId('checkin-card').filter({ hasText: 'before take 5' }).getByText('1 OK · 1 need a moment').waitFor();

  // A debrief: scheduled in the production's zone, for the cast.
  await c.goto(`${server.url}/productions/${seed.production.id}/scenes/${scene.id}`);
  await settled(c, '12 · Stairwell');
  await c.getByRole('link', { name: 'Schedule a debrief' }).click();
  await settled(c, 'Schedule a debrief for 12 · Stairwell');
  const day = callTimeIn(6).slice(0, 10);
  await c.getByLabel('When').fill(`${day}T18:30`);
  await c.getByLabel('Where').fill('Green room');
  await c.getByRole('button', { name: 'Schedule debrief' }).click();
  await settled(c, '12 · Stairwell');
  await c.getByText('Debrief scheduled. The participants have been told.').waitFor();
  const row = c.getByTestId('debrief-row');
  await row.getByText('Green room').waitFor();
  // Compact, in the production's zone, which the scene screen names once (issue 13).
  assert.match(await row.innerText(), /(18:30|0?6:30\sPM)/);
  assert.doesNotMatch(await row.innerText(), /GMT|BST/);
  await c.getByText(/Europe\/London \((GMT|BST)\)/).first().waitFor();

  // Moved: the participants are told again.
  await row.getByRole('link').click();
  await settled(c, 'Debrief for 12 · Stairwell');
  await c.getByLabel('When').fill(`${day}T19:00`);
  await c.getByRole('button', { name: 'Save changes' }).click();
  await c.getByText('Saved. The participants have been told.').waitFor();
  await screenshot(c, 'debrief-edit');

  // The performer's debriefs, with a calendar file fetched with their token.
  const perf = await open('alex debriefs');
  const p = perf.page;
  await signInPage(p, server.url, alex, '/me/debriefs');
  await settled(p, 'My debriefs');
  const mine = p.getByTestId('debrief-row').filter({ hasText: 'Night Shoot · Scene 12' });
  await mine.getByText('Green room').waitFor();
  // Compact; "My debriefs" names the zone once (all in one production's zone).
  assert.match(await mine.innerText(), /(19:00|0?7:00\sPM)/);
  assert.match(await p.getByTestId('zone-note').innerText(), /^Times in Europe\/London \((GMT|BST)\)$/);
  const [download] = await Promise.all([p.waitForEvent('download'), mine.getByRole('button', { name: /Add to calendar/ }).click()]);
  assert.equal(download.suggestedFilename(), 'closed-set-debrief.ics');
  const ics = await new Promise((resolve, reject) => {
    download.createReadStream().then((stream) => {
      const chunks = [];
      stream.on('data', (d) => chunks.push(d));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    }, reject);
  });
  assert.match(ics, /^BEGIN:VCALENDAR/);
  assert.match(ics, /BEGIN:VEVENT/);
  await screenshot(p, 'my-debriefs');

  await coord.ctx.close();
  await perf.ctx.close();
  assert.deepEqual([...coord.problems, ...perf.problems], [], [...coord.problems, ...perf.problems].join('\n'));
});

test('a check-in asked while the app is open shows a banner on every screen; one tap opens it, the answer clears it', async (t) => {
  if (!checkinsReady) return t.skip(CHECKINS_PENDING);
  const sam = seed.performers[1];
  const { ctx, page, problems } = await open('sam banner'); // no push: the app must notice by itself
  await signInPage(page, server.url, sam, '/productions');
  await settled(page, 'My productions');
  const checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 6', performerIds: [sam.id], expiresInSec: 120 });
  const href = `/productions/${seed.production.id}/checkins/${checkin.id}`;
  const banner = page.getByTestId('checkin-banner');
  const bannerHref = () => page.evaluate(() => document.querySelector('[data-testid="checkin-banner"]')?.getAttribute('href') ?? null);
  // The app looks every 10 s while on screen, and at once when it comes back to the screen.
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.waitForFunction((h) => document.querySelector('[data-testid="checkin-banner"]')?.getAttribute('href') === h, href, { timeout: 12_000 });
  assert.match(await banner.innerText(), /Scene 12: your coordinator asks how you are/);
  assert.equal(await page.getByRole('alert').filter({ has: banner }).count(), 1, 'announced to screen readers');
  const axe = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);

  await banner.click();
  await settled(page, 'Check-in · Scene 12');
  assert.equal(await bannerHref(), null, 'no banner over the check-in it points to');
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  await page.getByText('Your answer: OK').waitFor();
  await page.goto(`${server.url}/productions`);
  await settled(page, 'My productions');
  await page.waitForTimeout(500);
  assert.notEqual(await bannerHref(), href, 'an answered check-in is not asked again');
  const seen = await seed.coordinator.api('GET', `/checkins/${checkin.id}`);
  assert.equal(seen.responses.find((r) => r.userId === sam.id)?.answer, 'ok');
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});

/**
 * Waits up to ms for a notification with this id, polling from here: Playwright's
 * waitForFunction does not await an async predicate (a Promise is truthy), so it
 * cannot wait on getNotifications(). A page re-rendering under a look is not a
 * dropped push, so a failed look just looks again.
 */
async function shownWithin(page, id, ms) {
  const deadline = Date.now() + ms;
  do {
    const ids = await page
      .evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((x) => x.data?.id))
      .catch(() => []);
    if (ids.includes(id)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  return false;
}

/** Delivers pushes to the page's service worker through DevTools, again when headless Chromium drops one. */
async function pushDevice(ctx, page) {
  await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  const { cdp, registrationId } = await workerRegistration(ctx, page, server.url);
  const notifications = () =>
    page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((x) => ({
        title: x.title,
        body: x.body,
        id: x.data?.id,
        type: x.data?.type,
        actions: x.actions.map((a) => `${a.action}:${a.title}`),
      })),
    );
  return {
    notifications,
    async deliver(payload) {
      for (let attempt = 0; attempt < 4 && !(await notifications()).some((x) => x.id === payload.id); attempt++) {
        await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(payload) });
        await shownWithin(page, payload.id, 3000);
      }
      return (await notifications()).find((x) => x.id === payload.id);
    },
  };
}

test('a check-in is answered Stop from the notification button, without opening the app', async (t) => {
  if (!checkinsReady) return t.skip(CHECKINS_PENDING);
  const [alex] = seed.performers;
  const { ctx, page, problems } = await open('alex stop button');
  await signInPage(page, server.url, alex, '/me');
  await settled(page, 'Me');
  const checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 7', performerIds: [alex.id], expiresInSec: 300 });
  const n = (await alex.api('GET', '/notifications?limit=50')).items.find((x) => x.type === 'checkin.requested' && x.url.endsWith(checkin.id));
  assert.ok(n, 'the request is in the inbox');
  const device = await pushDevice(ctx, page);
  const shown = await device.deliver({ id: n.id, type: n.type, title: n.title, body: n.body, url: n.url, productionId: n.productionId, sceneId: n.sceneId, createdAt: n.createdAt });
  assert.deepEqual(shown?.actions, ['ok:OK', 'stop:Stop'], JSON.stringify(shown));

  // What the browser does when "Stop" is tapped on the lock screen: a
  // notificationclick with that action (waitUntil kept so the test can wait).
  const [worker] = ctx.serviceWorkers();
  await worker.evaluate(async (id) => {
    const target = (await self.registration.getNotifications()).find((x) => x.data?.id === id);
    const event = new NotificationEvent('notificationclick', { notification: target, action: 'stop' });
    let done = Promise.resolve();
    Object.defineProperty(event, 'waitUntil', { value: (p) => (done = p) });
    self.dispatchEvent(event);
    await done;
  }, n.id);

  const seen = await seed.coordinator.api('GET', `/checkins/${checkin.id}`);
  assert.equal(seen.responses.find((r) => r.userId === alex.id)?.answer, 'stop', 'recorded without opening the app');
  const after = await device.notifications();
  assert.ok(after.some((x) => x.body === 'Your answer was sent: Stop.' && x.actions.length === 0), JSON.stringify(after));
  assert.equal(new URL(page.url()).pathname, '/me', 'the app was not opened on the check-in');
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});
