// The inbox as a to-do list (issue 13), at 360×740 with axe: an answered
// check-in no longer needs the performer (it moves to "Done"); three
// versions of a scene's choreography are one row with a disclosure of the
// earlier ones; the Inbox tab's badge equals needsYou of the summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startUp } from './harness.mjs';
import { seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;
let scene;

before(async () => {
  ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot' } }));
  scene = await seedScene(seed, { number: '12', title: 'Stairwell' });
  const steps = scene.choreography.steps;
  for (const v of [2, 3]) await seed.coordinator.api('POST', `/scenes/${scene.id}/choreography`, { summary: `Revision ${v}`, steps });
});
after(shutDown);

const badge = (page) => page.evaluate(() => document.querySelector('[data-testid="inbox-badge"]')?.textContent?.trim() ?? '');

test('versions collapse to one row, an answered check-in is done, and the badge equals the summary', async () => {
  const alex = seed.performers[0];
  const checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 1', performerIds: [alex.id], expiresInSec: 600 });
  const { ctx, page, problems } = await newPage(browser, 'alex inbox');
  await signInPage(page, server.url, alex, '/inbox');
  await settled(page, 'Inbox');

  const summary = async () => (await alex.api('GET', '/notifications/summary')).needsYou;
  const before = await summary();
  await page.waitForFunction((n) => document.querySelector('[data-testid="inbox-badge"]')?.textContent?.trim() === String(n), before);
  assert.equal(await badge(page), String(before));

  const needs = page.getByTestId('inbox-needs-section');
  const versions = needs.getByTestId('inbox-row').filter({ hasText: /new choreography/ });
  assert.equal(await versions.count(), 1, 'three versions, one row');
  assert.match(await versions.innerText(), /version 3/);
  const earlier = needs.getByTestId('inbox-earlier');
  await earlier.getByText('2 earlier versions').click();
  await earlier.getByText(/version 2/).waitFor();
  await earlier.getByText(/version 1/).waitFor();
  const check = needs.getByTestId('inbox-row').filter({ hasText: /check-in/ });
  assert.equal(await check.count(), 1);
  // The production is named once (one production): in the header, not on each row.
  await page.getByTestId('inbox-production').getByText('Night Shoot').waitFor();
  assert.doesNotMatch(await versions.innerText(), /Night Shoot/);
  const found = await seriousAxe(page, 'inbox');
  await screenshot(page, 'inbox-todo');

  // Answering the check-in makes it done: below, in "Done", not "New".
  await alex.api('POST', `/checkins/${checkin.id}/response`, { answer: 'ok' });
  await page.reload();
  await settled(page, 'Inbox');
  assert.equal(await needs.getByTestId('inbox-row').filter({ hasText: /check-in/ }).count(), 0, 'no longer needs Alex');
  const done = page.getByTestId('inbox-done-section').getByTestId('inbox-row').filter({ hasText: /check-in/ });
  assert.equal(await done.count(), 1);
  assert.equal(await done.getAttribute('data-done'), 'true');
  assert.doesNotMatch(await done.innerText(), /New/);
  const after = await summary();
  assert.equal(after, before - 1);
  await page.waitForFunction((n) => document.querySelector('[data-testid="inbox-badge"]')?.textContent?.trim() === String(n), after);

  // Deciding on version 3 makes the choreography row done too.
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 3, decision: 'confirmed' });
  await page.reload();
  await settled(page, 'Inbox');
  assert.equal(await needs.getByTestId('inbox-row').filter({ hasText: /new choreography/ }).count(), 0);
  assert.equal(await page.getByTestId('inbox-done-section').getByTestId('inbox-row').filter({ hasText: /new choreography/ }).count(), 1);
  const last = await summary();
  await page.waitForFunction((n) => (document.querySelector('[data-testid="inbox-badge"]')?.textContent?.trim() ?? '') === (n ? String(n) : ''), last);
  await ctx.close();
  assert.deepEqual([...found, ...problems], [], [...found, ...problems].join('\n'));
});
