// A removed member's app (rule 13), against the real server — NEEDS THE
// ISSUE-11 SERVER (DELETE members/{userId}). A performer has opened their
// scene, so the service worker saved it on the device, and has a withdrawal
// queued for it. The producer removes them. The next time the app asks for
// the production it gets 404: it deletes what the device saved of that
// production (saved copies and the queued withdrawal, nothing of the other
// production), takes it off the remembered memberships, and goes back to the
// productions list with one calm sentence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, savedApiPaths, screenshot, seriousAxe, settled, shutDown, startUp, workerControls } from './harness.mjs';
import { seedProduction, seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;

before(async () => ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot', performers: ['Alex Performer', 'Sam Performer'] } })));
after(shutDown);

test("a removed performer's device forgets the production on the next 404", async () => {
  const [alex] = seed.performers;
  const scene = await seedScene(seed, { number: '41', title: 'Cellar' });
  const other = await seedProduction(server.url, { title: 'Day Shoot', performers: [] });
  const invite = await other.producer.api('POST', `/productions/${other.production.id}/invites`, { email: alex.email, role: 'performer' });
  await alex.api('POST', `/invites/${invite.token}/accept`);

  // The app answers 404 on purpose here: the production is gone for this person.
  const gone = { status: 404, path: new RegExp(`^/api/v1/(productions/${seed.production.id}|scenes/${scene.id})(/.*)?$`) };
  const { ctx, page, problems } = await newPage(browser, 'removed performer', { allow: [gone] });
  const scenePath = `/productions/${seed.production.id}/scenes/${scene.id}`;
  await signInPage(page, server.url, alex, scenePath);
  await settled(page, '41 · Cellar');
  await workerControls(page);
  await page.reload();
  await settled(page, '41 · Cellar');
  await page.goto(`${server.url}/productions/${other.production.id}`);
  await settled(page, 'Day Shoot');
  // A withdrawal of this scene still waiting on the device (as if made without signal).
  await page.evaluate(
    ({ userId, sceneId }) =>
      localStorage.setItem(
        'closedset.outbox.v1',
        JSON.stringify([{ userId, sceneId, note: '', idempotencyKey: crypto.randomUUID(), queuedAt: new Date().toISOString() }]),
      ),
    { userId: alex.id, sceneId: scene.id },
  );
  assert.ok((await savedApiPaths(page)).some((p) => p.includes(scene.id)));

  await seed.producer.api('DELETE', `/productions/${seed.production.id}/members/${alex.id}`, undefined, { expect: 204 });

  await page.goto(`${server.url}${scenePath}`);
  await page.waitForURL(`${server.url}/productions`);
  await settled(page, 'My productions');
  await page.getByText('You no longer have access to Night Shoot. What this device saved of it has been deleted.').waitFor();
  await screenshot(page, 'removed-notice');
  const found = await seriousAxe(page, 'productions after removal');

  await page.waitForFunction(() => localStorage.getItem('closedset.outbox.v1') === null);
  const saved = await savedApiPaths(page);
  assert.deepEqual(saved.filter((p) => p.includes(seed.production.id) || p.includes(scene.id)), []);
  assert.ok(saved.some((p) => p.includes(other.production.id)), "the other production's copies stay");
  const lastMe = await page.evaluate(() => JSON.parse(localStorage.getItem('closedset.lastMe.v1') ?? 'null'));
  assert.deepEqual(lastMe.memberships.map((m) => m.productionId), [other.production.id]);
  assert.equal(await page.getByRole('link', { name: /Night Shoot/ }).count(), 0);

  // The history stays on the record.
  const consents = await seed.coordinator.api('GET', `/scenes/${scene.id}`);
  assert.ok(!consents.cast.some((c) => c.userId === alex.id), 'off the cast');

  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});
