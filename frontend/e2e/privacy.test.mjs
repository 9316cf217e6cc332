// Who said what stays with the coordinator (rules 6, 10, 12), against the
// real server — NEEDS THE ISSUE-11 SERVER (consentCounts on the scene list,
// consents/summary, check-in counts without responses for producers, a
// performer's own flags with a plain-words detail, footage.review).
// - A producer's scene list and scene page show consent as counts with the
//   "talk to your coordinator" hint; the page never asks who decided what
//   (no /consents read) and shows no answer or note of a check-in, only its
//   outcome and counts.
// - A performer sees the flags about themself, in plain words, on the scene,
//   in the step and in the confirm dialog — never another performer's.
// - A withdrawal after photography reaches the producer's inbox as
//   "Footage use", naming nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startUp } from './harness.mjs';
import { seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;
const NOTE = 'PRIVATE-CHECKIN-NOTE-4412';

before(async () => ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot', performers: ['Alex Performer', 'Sam Performer'] } })));
after(shutDown);

test("a producer sees counts and outcomes, never who said what", async () => {
  const [alex, sam] = seed.performers;
  const scene = await seedScene(seed, { number: '51', title: 'Loft' });
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed' });
  await sam.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'declined', note: 'PRIVATE-CONSENT-NOTE-4412' });
  const checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 3', expiresInSec: 1800 });
  await alex.api('POST', `/checkins/${checkin.id}/response`, { answer: 'pause', note: NOTE });
  await sam.api('POST', `/checkins/${checkin.id}/response`, { answer: 'ok' });

  const { ctx, page, problems } = await newPage(browser, 'producer');
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await signInPage(page, server.url, seed.producer, `/productions/${seed.production.id}/scenes`);
  await settled(page, 'Scenes');
  const row = page.getByTestId('scene-row').filter({ hasText: 'Loft' });
  await row.getByText('1 confirmed').waitFor();
  await row.getByText('1 declined').waitFor();

  await row.click();
  await settled(page, '51 · Loft');
  const counts = page.getByTestId('consent-counts');
  await counts.getByText('1 confirmed').waitFor();
  await counts.getByText('1 declined').waitFor();
  await page.getByText('Who said what stays with the coordinator.', { exact: false }).waitFor();
  await page.getByText('1 OK · 1 need a moment').waitFor();
  await page.getByText('Answers are shown as counts.', { exact: false }).waitFor();
  assert.equal(await page.getByTestId('consent-row').count(), 0);
  assert.equal(await page.getByTestId('checkin-answer').count(), 0);
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes(NOTE) && !text.includes('PRIVATE-CONSENT-NOTE-4412'));
  // Nobody's name sits next to an answer: the alert list is a coordinator's only.
  assert.equal(await page.locator('.checkin-alerts').count(), 0);
  assert.deepEqual(asked.filter((p) => /^\/api\/v1\/scenes\/[^/]+\/consents$/.test(p)), [], 'a producer never reads per-person consent');
  assert.ok(asked.some((p) => p === `/api/v1/scenes/${scene.id}/consents/summary`));
  const found = await seriousAxe(page, 'producer scene');
  await screenshot(page, 'producer-scene-counts');
  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a performer sees the flags about themself, in plain words, before confirming — never anyone else’s', async () => {
  const [alex, sam] = seed.performers;
  await alex.api('POST', '/me/boundaries', { productionId: seed.production.id, kind: 'no_contact', areas: ['back'] });
  await sam.api('POST', '/me/boundaries', { productionId: seed.production.id, kind: 'no_contact', areas: ['hands'] });
  const scene = await seedScene(seed, { number: '52', title: 'Attic', publish: false });
  await seed.coordinator.api('POST', `/scenes/${scene.id}/choreography`, {
    summary: 'First plan',
    steps: [
      {
        title: 'Hands',
        description: 'Alex takes Sam by the hands.',
        performers: [
          { userId: alex.id, nudity: 'none' },
          { userId: sam.id, nudity: 'none' },
        ],
        contacts: [{ fromUserId: alex.id, toUserId: sam.id, area: 'hands' }],
      },
      {
        title: 'Embrace',
        description: 'Sam holds Alex, hands on the upper back.',
        performers: [
          { userId: alex.id, nudity: 'none' },
          { userId: sam.id, nudity: 'none' },
        ],
        contacts: [{ fromUserId: sam.id, toUserId: alex.id, area: 'back' }],
      },
    ],
  });

  const { ctx, page, problems } = await newPage(browser, 'flagged performer');
  await signInPage(page, server.url, alex, `/productions/${seed.production.id}/scenes/${scene.id}`);
  await settled(page, '52 · Attic');
  const box = page.getByTestId('own-flags').first();
  await box.getByText('Step 2 touches a boundary you set', { exact: false }).waitFor();
  const boxText = await box.innerText();
  assert.ok(!/Step 1/.test(boxText), "Sam's flag on step 1 is not Alex's to see");
  await page.getByTestId('step').nth(1).getByText('Touches a boundary you set', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('step').nth(0).getByTestId('own-flag').count(), 0);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm version 1?' });
  await dialog.getByText('Step 2 touches a boundary you set', { exact: false }).waitFor();
  const found = await seriousAxe(page, 'confirm dialog with own flags');
  await screenshot(page, 'performer-own-flags');
  await dialog.getByRole('button', { name: 'Back' }).click();
  await ctx.close();

  const other = await newPage(browser, 'other performer');
  await signInPage(other.page, server.url, sam, `/productions/${seed.production.id}/scenes/${scene.id}`);
  await settled(other.page, '52 · Attic');
  await other.page.getByTestId('own-flags').getByText('Step 1 touches a boundary you set', { exact: false }).waitFor();
  assert.ok(!/Step 2/.test(await other.page.getByTestId('own-flags').innerText()));
  await other.ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual([...problems, ...other.problems], []);
});

test('a withdrawal after photography reaches the producer as a footage-use question, naming nobody', async () => {
  const [alex] = seed.performers;
  const scene = await seedScene(seed, { number: '53', title: 'Quay', cast: [alex] });
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed' });
  await seed.coordinator.api('PATCH', `/scenes/${scene.id}`, { status: 'shot' });
  await alex.api('POST', `/scenes/${scene.id}/consent/withdraw`, {});

  const { ctx, page, problems } = await newPage(browser, 'producer inbox');
  await signInPage(page, server.url, seed.producer, '/inbox');
  await settled(page, 'Inbox');
  const footage = page.getByTestId('inbox-row').filter({ hasText: 'Footage use' });
  await footage.first().waitFor();
  const text = await footage.first().innerText();
  assert.match(text, /Scene 53/);
  for (const name of ['Alex', 'Sam', 'Casey', 'Performer']) assert.ok(!text.includes(name), `no name in "${text}"`);
  const all = await page.getByTestId('inbox-row').allInnerTexts();
  assert.ok(all.every((t) => !t.includes('Alex')), 'no notification names the performer');
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
