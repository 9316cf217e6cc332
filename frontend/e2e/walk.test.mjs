// The walk: each role (performer, coordinator, producer of a seeded
// production, see walk.mjs) opens every main screen and the pages below them
// at 360×740, tapping through the app (no reloads). Any console error,
// uncaught exception, failed request or answer with status ≥ 400 fails the
// walk, unless the role's allow list names it with a reason. The main screens
// pass axe and are photographed into frontend/e2e-screens/<role>-<screen>.png
// (see the README). A signed-out start asks the server for no session at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIEWPORT, seriousAxe, shutDown, startUp } from './harness.mjs';
import { signInPage } from './seed.mjs';
import { goInApp, guard, quiet, screensFor, seedWorld, walker } from './walk.mjs';

const SCREENS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'e2e-screens');

let server;
let browser;
let world;

before(async () => {
  ({ server, browser } = await startUp());
  world = await seedWorld(server.url);
  await mkdir(SCREENS, { recursive: true });
});
after(shutDown);

/**
 * What each role's walk may meet, each with its reason. Empty is the goal:
 * an entry is a known fault waiting for its fix, or a refusal the screen
 * cannot avoid.
 */
const ALLOW = {
  performer: [],
  coordinator: [],
  producer: [],
};

for (const role of ['performer', 'coordinator', 'producer']) {
  test(`the ${role} walks every screen without an error, a failed request or an answer ≥ 400`, async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London' });
    const page = await ctx.newPage();
    const watch = guard(page, role, ALLOW[role]);
    const found = [];
    const screens = screensFor(role, world);
    await signInPage(page, server.url, walker(role, world), screens[0].path);
    let first = true;
    for (const screen of screens) {
      if (!first) await goInApp(page, screen.path);
      first = false;
      await quiet(page, watch, `${role} ${screen.name}`);
      // One way back on every screen: the top bar's, never a second "Back to" leading elsewhere.
      const backs = await page.getByRole('link', { name: /^Back to/ }).allInnerTexts();
      assert.ok(backs.length <= 1, `${role} ${screen.name}: ${backs.join(' | ')}`);
      if (screen.main) {
        await page.screenshot({ path: path.join(SCREENS, `${role}-${screen.name}.png`) });
        found.push(...(await seriousAxe(page, `${role} ${screen.name}`)));
      }
    }
    // Opening the app again (a reload) on the scene list: the session is confirmed once, the list read once.
    const requests = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const list = screens.find((s) => s.name === 'scenes');
    await page.goto(`${server.url}${list.path}`);
    await quiet(page, watch, `${role} scenes after a reload`);
    const api = requests.filter((r) => r.includes('/api/v1/'));
    // The performer's open check-in banner reads its scene (for its number): that one is not the list's.
    const banner = role === 'performer' ? `GET /api/v1/scenes/${world.checkins.open.sceneId}` : null;
    const perScene = api.filter((r) => /\/api\/v1\/scenes\//.test(r) && r !== banner);
    assert.deepEqual(perScene, [], `the scene list asks nothing per scene:\n${api.join('\n')}`);
    assert.equal(api.filter((r) => r.endsWith('/auth/refresh')).length, 1, `one refresh:\n${api.join('\n')}`);
    await ctx.close();
    if (found.length) console.log(found.join('\n'));
    assert.deepEqual(watch.problems, [], watch.problems.join('\n'));
    assert.deepEqual(found, [], `${found.length} serious/critical axe violations`);
  });
}

test('a signed-out start asks for no session: no refresh request, no error', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London' });
  const page = await ctx.newPage();
  const watch = guard(page, 'signed out');
  const asked = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/auth/')) asked.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  for (const p of ['/', '/signin', '/signup', '/productions']) {
    await page.goto(`${server.url}${p}`);
    await page.locator('main h1').first().waitFor();
  }
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).pathname, '/signin', 'a protected screen sends a signed-out person to sign in');
  assert.deepEqual(asked, [], 'nothing asked of /auth/');
  await ctx.close();
  assert.deepEqual(watch.problems, [], watch.problems.join('\n'));
});

test('the top bar collapses while reading and comes back on the way up; with reduced motion nothing moves', async () => {
  const path = screensFor('performer', world).find((s) => s.name === 'scene').path;
  const scrollTo = async (page, y) => {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    await page.waitForTimeout(350);
  };
  const bar = (page) =>
    page.getByTestId('topbar').evaluate((el) => ({ collapsed: el.classList.contains('topbar-collapsed'), bottom: el.getBoundingClientRect().bottom }));
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const ctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London', reducedMotion });
    const page = await ctx.newPage();
    const watch = guard(page, `top bar ${reducedMotion}`);
    await signInPage(page, server.url, walker('performer', world), path);
    await quiet(page, watch, 'performer scene');
    const room = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    assert.ok(room > 200, `the scene page scrolls (${room} px)`);
    await scrollTo(page, 0);
    await scrollTo(page, Math.min(room, 400));
    const down = await bar(page);
    await scrollTo(page, Math.min(room, 400) - 150);
    const up = await bar(page);
    if (reducedMotion === 'reduce') {
      assert.deepEqual([down.collapsed, up.collapsed], [false, false], 'with reduced motion the bar stays');
      assert.ok(down.bottom > 0, 'and stays on screen');
    } else {
      assert.equal(down.collapsed, true, 'scrolling down hides the bar');
      assert.ok(down.bottom <= 1, `the hidden bar is off screen (bottom ${down.bottom})`);
      assert.equal(up.collapsed, false, 'scrolling up shows it again');
    }
    await ctx.close();
    assert.deepEqual(watch.problems, [], watch.problems.join('\n'));
  }
});

test('a rider to sign shows on the scene list with its due time; a rider not written yet is not asked for, and says so', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London' });
  const page = await ctx.newPage();
  const watch = guard(page, 'performer riders');
  const asked = [];
  page.on('request', (r) => {
    if (/\/riders\//.test(r.url())) asked.push(new URL(r.url()).pathname);
  });
  const { seed, scenes } = world;
  const base = `/productions/${seed.production.id}`;
  await signInPage(page, server.url, walker('performer', world), `${base}/scenes`);
  await quiet(page, watch, 'performer scenes');
  const row = (number) => page.getByTestId('scene-row').filter({ has: page.locator('.scene-number', { hasText: new RegExp(`^${number}$`) }) });
  assert.match(await row('30').getByTestId('rider-to-sign').innerText(), /^Rider to sign by \w{3},? .*\d{1,2}:\d\d( [AP]M)?$/);
  for (const n of ['27A', '28', '31']) assert.equal(await row(n).getByTestId('rider-to-sign').count(), 0, `scene ${n} has no rider to sign`);
  await goInApp(page, `${base}/scenes/${scenes.roof.id}`);
  await quiet(page, watch, 'performer scene without a rider yet');
  assert.equal(await page.getByTestId('rider-none').innerText(), 'This scene needs a rider. Your coordinator has not written it yet.');
  assert.ok(!asked.some((p) => p.includes(scenes.roof.id)), `no rider asked for on 31: ${asked.join(', ')}`);
  await ctx.close();
  assert.deepEqual(watch.problems, [], watch.problems.join('\n'));

  // The producer sees where each rider stands from the scene itself, asking for none (27A is 2 days out, 48 h notice: Alex signed late).
  const pctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London' });
  const producer = await pctx.newPage();
  const pwatch = guard(producer, 'producer riders');
  const pasked = [];
  producer.on('request', (r) => {
    if (/\/riders\//.test(r.url())) pasked.push(new URL(r.url()).pathname);
  });
  await signInPage(producer, server.url, walker('producer', world), `${base}/scenes/${scenes.window.id}`);
  await quiet(producer, pwatch, 'producer scene');
  const states = await producer.getByTestId('hub-rider-state').allInnerTexts();
  assert.deepEqual(states.map((x) => x.trim()).sort(), ['Not signed', 'Signed late'], states.join(' | '));
  assert.deepEqual(pasked, []);
  await pctx.close();
  assert.deepEqual(pwatch.problems, [], pwatch.problems.join('\n'));
});
