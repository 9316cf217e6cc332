// The performer's home, "Needs you" (issue 13), at 360×740 with axe: what
// needs them on top (an open check-in, a decision on the current version, a
// rider to sign), the rest below by call time; every row names its
// production, with the zone on each row when zones differ on the screen
// (once in the header otherwise). Someone who performs nowhere starts in
// their production; someone in no production gets the kind start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startUp } from './harness.mjs';
import { seedProduction, seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;
let alex;
let day;
const scenes = {};

before(async () => {
  ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot' } }));
  alex = seed.performers[0];
  // A second production, in another zone, where Alex also performs.
  const other = await seedProduction(server.url, { title: 'Unused', performers: [] });
  const production = await other.producer.api('POST', '/productions', { title: 'Day Shoot', kind: 'film', timezone: 'America/New_York' });
  for (const [who, role] of [
    [other.coordinator, 'coordinator'],
    [alex, 'performer'],
  ]) {
    const invite = await other.producer.api('POST', `/productions/${production.id}/invites`, { email: who.email, role });
    await who.api('POST', `/invites/${invite.token}/accept`);
  }
  day = { ...other, production, performers: [alex] };

  scenes.decide = await seedScene(seed, { number: '12', title: 'Kitchen', days: 6 });
  scenes.confirmed = await seedScene(seed, { number: '14', title: 'Garden', days: 3 });
  await alex.api('PUT', `/scenes/${scenes.confirmed.id}/consent`, { version: 1, decision: 'confirmed' });
  scenes.rider = await seedScene(seed, { number: '15', title: 'Bedroom', days: 9, tags: ['partial_nudity'], rider: true, cast: [alex] });
  await alex.api('PUT', `/scenes/${scenes.rider.id}/consent`, { version: 1, decision: 'confirmed' });
  scenes.checkin = await seedScene(seed, { number: '16', title: 'Stairs', days: 1 });
  await alex.api('PUT', `/scenes/${scenes.checkin.id}/consent`, { version: 1, decision: 'confirmed' });
  await seed.coordinator.api('POST', `/scenes/${scenes.checkin.id}/checkins`, { reason: 'before take 2', performerIds: [alex.id], expiresInSec: 600 });
  scenes.day = await seedScene(day, { number: '3', title: 'Harbour', days: 2 });
});
after(shutDown);

/** The visible rows of a list: scene number and production, in order. */
async function rows(page, testId) {
  return page.getByTestId(testId).getByTestId('home-row').evaluateAll((els) =>
    els.map((el) => ({
      number: el.querySelector('.scene-number')?.textContent?.trim(),
      production: el.querySelector('[data-testid="home-production"]')?.textContent?.trim(),
      needs: el.getAttribute('data-needs'),
      text: el.textContent ?? '',
      href: el.getAttribute('href'),
    })),
  );
}

test('a performer opens on "Needs you": needs first, rows naming productions, zones per row when they differ', async () => {
  const { ctx, page, problems } = await newPage(browser, 'alex home');
  await signInPage(page, server.url, alex, '/');
  await settled(page, 'Needs you');
  assert.equal(new URL(page.url()).pathname, '/');

  const needs = await rows(page, 'home-needs');
  // The open check-in first, then the most pressing deadline.
  assert.deepEqual(
    needs.map((r) => [r.number, r.production, r.needs]),
    [
      ['16', 'Night Shoot', 'answer_checkin'],
      ['3', 'Day Shoot', 'decide'],
      ['12', 'Night Shoot', 'decide'],
      ['15', 'Night Shoot', 'sign_rider'],
    ],
  );
  assert.match(needs[0].text, /Answer the check-in by/);
  assert.match(needs[2].text, /Decide on version 1/);
  assert.match(needs[3].text, /Sign your rider by/);
  // Then the rest by call time.
  assert.deepEqual((await rows(page, 'home-upcoming')).map((r) => [r.number, r.production]), [['14', 'Night Shoot']]);
  // Needs come before the rest on the screen.
  const [needsTop, restTop] = await Promise.all(['home-needs', 'home-upcoming'].map((id) => page.getByTestId(id).evaluate((el) => el.getBoundingClientRect().top)));
  assert.ok(needsTop < restTop);

  // Two zones on the screen: each row names its zone, and there is no zone line for the screen.
  assert.equal(await page.locator('.zone-note').count(), 0);
  assert.match(needs.find((r) => r.production === 'Day Shoot').text, /EST|GMT-5/);
  assert.match(needs.find((r) => r.number === '12').text, /GMT|UTC/);

  // Create production is not a performer's first button: no such button on the home.
  assert.equal(await page.getByRole('link', { name: 'Create production' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Create production' }).count(), 0);
  // The tabs of a performer, Scenes current.
  assert.deepEqual(await page.locator('.tabbar .tab-label').allInnerTexts(), ['Scenes', 'Check-ins', 'Inbox', 'Me']);
  assert.equal(await page.locator('.tabbar [aria-current="page"] .tab-label').innerText(), 'Scenes');

  const found = await seriousAxe(page, 'home');
  await screenshot(page, 'home-performer');

  // A row opens the performer's scene page; the back control leads home.
  await page.getByTestId('home-needs').getByTestId('home-row').filter({ hasText: 'Kitchen' }).click();
  await page.waitForURL(`${server.url}/productions/${seed.production.id}/scenes/${scenes.decide.id}`);
  await page.getByRole('link', { name: 'Back to Scenes' }).click();
  await settled(page, 'Needs you');

  // Deciding takes the scene out of what needs them.
  await alex.api('PUT', `/scenes/${scenes.decide.id}/consent`, { version: 1, decision: 'confirmed' });
  await page.reload();
  await settled(page, 'Needs you');
  assert.deepEqual((await rows(page, 'home-needs')).map((r) => r.number), ['16', '3', '15']);
  assert.ok((await rows(page, 'home-upcoming')).some((r) => r.number === '12'));

  await ctx.close();
  assert.deepEqual([...found, ...problems], [], [...found, ...problems].join('\n'));
});

test('one production, one zone: the zone is said once in the header, not on each row', async () => {
  const sam = seed.performers[1];
  const { ctx, page, problems } = await newPage(browser, 'sam home');
  await signInPage(page, server.url, sam, '/');
  await settled(page, 'Needs you');
  await page.locator('.zone-note').getByText('Times in Europe/London').waitFor();
  const all = [...(await rows(page, 'home-needs')), ...(await rows(page, 'home-upcoming'))];
  assert.ok(all.length >= 3);
  for (const r of all) {
    assert.equal(r.production, 'Night Shoot');
    assert.doesNotMatch(r.text, /GMT|UTC|BST/, r.text);
  }
  const found = await seriousAxe(page, 'home one zone');
  await ctx.close();
  assert.deepEqual([...found, ...problems], [], [...found, ...problems].join('\n'));
});

test('someone who performs nowhere starts in their production; someone in no production gets the kind start', async () => {
  const { ctx, page, problems } = await newPage(browser, 'producer start');
  await signInPage(page, server.url, seed.producer, '/');
  await page.waitForURL(`${server.url}/productions/${seed.production.id}/coverage`);
  assert.deepEqual(await page.locator('.tabbar .tab-label').allInnerTexts(), ['Coverage', 'Scenes', 'Inbox', 'Me']);
  await ctx.close();

  const fresh = await newPage(browser, 'newcomer start', { allow: [{ status: 404, path: /^\/api\/v1\/invites\// }] });
  const email = `newcomer.${Date.now().toString(36)}@example.com`;
  await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long enough password', displayName: 'Nia Newcomer' }),
  });
  await signInPage(fresh.page, server.url, { email }, '/');
  await settled(fresh.page, 'My productions');
  await fresh.page.getByRole('heading', { name: 'No productions yet' }).waitFor();
  await fresh.page.getByRole('link', { name: 'Create production' }).waitFor();
  await fresh.page.getByRole('link', { name: 'Open an invite link' }).click();
  await settled(fresh.page, 'Join with an invite link');
  await fresh.page.locator('#invite-link-input').fill('not a link');
  await fresh.page.getByRole('button', { name: 'Open invite' }).click();
  await fresh.page.getByText('This is not an invite link.', { exact: false }).waitFor();
  const found = await seriousAxe(fresh.page, 'join');
  await fresh.page.locator('#invite-link-input').fill(`${server.url}/invite/abcdefghijklmnop`);
  await fresh.page.getByRole('button', { name: 'Open invite' }).click();
  await fresh.page.waitForURL(`${server.url}/invite/abcdefghijklmnop`);
  await fresh.ctx.close();
  assert.deepEqual([...found, ...problems, ...fresh.problems], [], [...found, ...problems, ...fresh.problems].join('\n'));
});
