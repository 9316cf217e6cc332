// One navigation model per role (issue 13, ui.md), at 360×740 with axe: the
// tab set is the same on Scenes, Inbox and Me; every page below a tab has a
// back control in the top bar (≥ 44 px, "Back to <parent>") leading to its
// logical parent, also when opened directly with no history; switching
// production is a control at the top, and the tabs follow the role held there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startUp } from './harness.mjs';
import { seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;
let scene;
let second;
let checkin;

const TABS = {
  performer: ['Scenes', 'Check-ins', 'Inbox', 'Me'],
  coordinator: ['Scenes', 'Board', 'Inbox', 'Me'],
  producer: ['Coverage', 'Scenes', 'Inbox', 'Me'],
};

before(async () => {
  ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot' } }));
  scene = await seedScene(seed, { number: '12', title: 'Stairwell', rider: true, tags: ['partial_nudity'] });
  // A second production where the coordinator of the first performs.
  second = await seed.producer.api('POST', '/productions', { title: 'Second Unit', kind: 'film', timezone: 'Europe/London' });
  const invite = await seed.producer.api('POST', `/productions/${second.id}/invites`, { email: seed.coordinator.email, role: 'performer' });
  await seed.coordinator.api('POST', `/invites/${invite.token}/accept`);
  checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 1', expiresInSec: 600 });
});
after(shutDown);

const tabLabels = (page) => page.locator('.tabbar .tab-label').allInnerTexts();

/** Opens a tab by its label and checks the tab set there. */
async function tab(page, label, heading, want) {
  await page.locator('.tabbar').getByRole('link', { name: label }).click();
  await settled(page, heading);
  assert.deepEqual(await tabLabels(page), want, `tabs on ${label}`);
  assert.equal(await page.locator('.tabbar [aria-current="page"] .tab-label').innerText(), label);
}

/** Checks the back control of the page at path: its name, size and where it leads. */
async function back(page, path, heading, name, parentPath) {
  await page.goto(`${server.url}${path}`); // opened directly: no history to go back to
  await settled(page, heading);
  const control = page.locator('.topbar').getByRole('link', { name, exact: true });
  const box = await control.boundingBox();
  assert.ok(box && box.height >= 44 && box.width >= 44, `${name} is at least 44 px (${JSON.stringify(box)})`);
  const topbar = await page.locator('.topbar').boundingBox();
  assert.ok(box.y >= topbar.y && box.y + box.height <= topbar.y + topbar.height + 1, 'in the top bar');
  // One way back: no link in the page says "Back to" somewhere else.
  const backs = await page.getByRole('link', { name: /^Back to/ }).allInnerTexts();
  assert.equal(backs.length, 1, `one back control on ${path}: ${backs.join(' | ')}`);
  await control.click();
  await page.waitForURL((u) => u.pathname === parentPath);
}

test('performer: the same tabs on Scenes, Check-ins, Inbox and Me; back controls on scene, rider and boundaries', async () => {
  const alex = seed.performers[0];
  const { ctx, page, problems } = await newPage(browser, 'performer nav');
  await signInPage(page, server.url, alex, '/');
  await settled(page, 'Needs you');
  assert.deepEqual(await tabLabels(page), TABS.performer);
  await tab(page, 'Check-ins', 'Check-ins', TABS.performer);
  await tab(page, 'Inbox', 'Inbox', TABS.performer);
  await tab(page, 'Me', 'Me', TABS.performer);
  await tab(page, 'Scenes', 'Needs you', TABS.performer);
  assert.equal(await page.getByRole('link', { name: 'Productions', exact: true }).count(), 0, 'no Productions tab');

  const pid = seed.production.id;
  await back(page, `/productions/${pid}/scenes/${scene.id}`, '12 · Stairwell', 'Back to Scenes', '/');
  await back(page, `/productions/${pid}/scenes/${scene.id}/rider`, 'Your rider', 'Back to Scene', `/productions/${pid}/scenes/${scene.id}`);
  assert.deepEqual(await tabLabels(page), TABS.performer);
  await back(page, `/productions/${pid}/boundaries`, 'My boundaries', 'Back to Me', '/me');
  await back(page, '/me/notifications', 'Notifications', 'Back to Me', '/me');
  const found = await seriousAxe(page, 'performer me');
  await ctx.close();
  assert.deepEqual([...found, ...problems], [], [...found, ...problems].join('\n'));
});

test('coordinator: tabs stay on Inbox and Me; back controls on scene pages, production and members; the switcher follows roles', async () => {
  const { ctx, page, problems } = await newPage(browser, 'coordinator nav');
  const pid = seed.production.id;
  await signInPage(page, server.url, seed.coordinator, `/productions/${pid}/scenes`);
  await settled(page, 'Scenes');
  assert.deepEqual(await tabLabels(page), TABS.coordinator);
  await tab(page, 'Board', /Board/, TABS.coordinator);
  await tab(page, 'Inbox', 'Inbox', TABS.coordinator);
  await tab(page, 'Me', 'Me', TABS.coordinator);
  await tab(page, 'Scenes', 'Scenes', TABS.coordinator);

  // Members, invites and the production's settings stay reachable from its scenes.
  await page.getByTestId('production-link').click();
  await settled(page, 'Night Shoot');
  await page.getByRole('link', { name: 'Back to Scenes' }).waitFor();

  await back(page, `/productions/${pid}/scenes/${scene.id}`, /12/, 'Back to Scenes', `/productions/${pid}/scenes`);
  for (const what of ['cast', 'edit', 'choreography', 'checkins/new', 'debriefs/new', `riders/${seed.performers[0].id}`]) {
    await back(page, `/productions/${pid}/scenes/${scene.id}/${what}`, /./, 'Back to Scene', `/productions/${pid}/scenes/${scene.id}`);
  }
  await back(page, `/productions/${pid}/checkins/${checkin.id}`, /Check-in/, 'Back to Board', `/productions/${pid}/board`);
  await back(page, `/productions/${pid}/members`, 'Members and invites', 'Back to Production', `/productions/${pid}`);
  await back(page, `/productions/${pid}`, 'Night Shoot', 'Back to Scenes', `/productions/${pid}/scenes`);
  const found = await seriousAxe(page, 'coordinator production');
  await screenshot(page, 'navigation-coordinator');

  // The switcher: a performer elsewhere, the coordinator gets the performer's home and tabs there…
  await page.locator('#production-switcher').selectOption({ label: 'My scenes, all productions' });
  await settled(page, 'Needs you');
  assert.deepEqual(await tabLabels(page), TABS.performer);
  await tab(page, 'Inbox', 'Inbox', TABS.performer);
  // …and the coordinator's tabs again in Night Shoot, kept on Inbox and Me.
  await page.locator('#production-switcher').selectOption({ label: 'Night Shoot' });
  await page.waitForURL(`${server.url}/productions/${pid}/scenes`);
  await settled(page, 'Scenes');
  assert.deepEqual(await tabLabels(page), TABS.coordinator);
  await tab(page, 'Inbox', 'Inbox', TABS.coordinator);
  await page.reload();
  await settled(page, 'Inbox');
  assert.deepEqual(await tabLabels(page), TABS.coordinator, 'remembered after a reload');
  await ctx.close();
  assert.deepEqual([...found, ...problems], [], [...found, ...problems].join('\n'));
});

test('producer: Coverage · Scenes · Inbox · Me everywhere; the switcher changes production; back from the report', async () => {
  const { ctx, page, problems } = await newPage(browser, 'producer nav');
  const pid = seed.production.id;
  await signInPage(page, server.url, seed.producer, '/');
  await page.waitForURL(`${server.url}/productions/${pid}/coverage`);
  await settled(page, /Coverage/);
  assert.deepEqual(await tabLabels(page), TABS.producer);
  await tab(page, 'Scenes', 'Scenes', TABS.producer);
  await tab(page, 'Inbox', 'Inbox', TABS.producer);
  await tab(page, 'Me', 'Me', TABS.producer);
  await back(page, `/productions/${pid}/report`, /report/i, 'Back to Coverage', `/productions/${pid}/coverage`);

  await page.locator('#production-switcher').selectOption({ label: 'Second Unit' });
  await page.waitForURL(`${server.url}/productions/${second.id}/coverage`);
  assert.deepEqual(await tabLabels(page), TABS.producer);
  await page.locator('#production-switcher').selectOption({ label: 'Create production…' });
  await settled(page, 'Create production');
  await page.getByRole('link', { name: 'Back to Productions' }).click();
  await settled(page, 'My productions');
  const found = await seriousAxe(page, 'producer productions');
  await ctx.close();
  assert.deepEqual([...found, ...problems], [], [...found, ...problems].join('\n'));
});
