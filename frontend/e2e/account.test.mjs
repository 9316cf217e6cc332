// Me: leave a production, download my record, delete my account (rules 13
// and 14), against the real server — NEEDS THE ISSUE-11 SERVER (DELETE
// members/{me}, GET /me/export, DELETE /me). Leaving says what it does, takes
// effect at once and deletes what this device saved of the production (other
// productions' copies stay); the only producer cannot leave (409
// last_producer, said plainly). The record is fetched with the token and
// saved as a .json file. Deleting the account lists what is erased and what
// is kept, needs the password, then clears everything on the device and
// signs out. axe-clean with the dialogs open; no unexpected console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { newPage, savedApiPaths, screenshot, seriousAxe, settled, shutDown, startUp, workerControls } from './harness.mjs';
import { PASSWORD, callApi, seedProduction, seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;

before(async () => ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot', performers: ['Alex Performer', 'Sam Performer'] } })));
after(shutDown);

const scenePathOf = (scene) => `/productions/${scene.productionId}/scenes/${scene.id}`;

test('a performer leaves one production; what the device saved of it goes, the other stays', async () => {
  const [alex] = seed.performers;
  const scene = await seedScene(seed, { number: '31', title: 'Porch', cast: [alex] });
  // A second production Alex stays in.
  const other = await seedProduction(server.url, { title: 'Day Shoot', performers: [] });
  const invite = await other.producer.api('POST', `/productions/${other.production.id}/invites`, { email: alex.email, role: 'performer' });
  await alex.api('POST', `/invites/${invite.token}/accept`);

  // Anything still asked of the production once left answers 404, as it should.
  const gone = { status: 404, path: new RegExp(`^/api/v1/(productions/${seed.production.id}|scenes/${scene.id})(/.*)?$`) };
  const { ctx, page, problems } = await newPage(browser, 'leaving performer', { allow: [gone] });
  await signInPage(page, server.url, alex, scenePathOf(scene));
  await settled(page, '31 · Porch');
  await workerControls(page);
  await page.reload();
  await settled(page, '31 · Porch');
  await page.goto(`${server.url}/productions/${other.production.id}`);
  await settled(page, 'Day Shoot');
  const before = await savedApiPaths(page);
  assert.ok(before.some((p) => p.includes(seed.production.id)), 'the production was saved on the device');
  assert.ok(before.some((p) => p.includes(other.production.id)));

  await page.locator('.tabbar').getByRole('link', { name: 'Me' }).click();
  await settled(page, 'Me');
  const rows = page.getByTestId('my-production');
  assert.equal(await rows.count(), 2);
  await page.getByRole('button', { name: 'Leave Night Shoot' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave Night Shoot?' });
  await dialog.getByText('You lose access to it at once, on every device.').waitFor();
  await dialog.getByText('You are taken off every scene’s cast and off open check-ins.').waitFor();
  await dialog.getByText('What you decided and answered stays on the record.').waitFor();
  await dialog.getByText('What this device saved of it is deleted.').waitFor();
  const found = await seriousAxe(page, 'leave dialog');
  await screenshot(page, 'me-leave-dialog');
  await dialog.getByRole('button', { name: 'Leave Night Shoot' }).click();
  await page.getByText('You left Night Shoot. What this device saved of it has been deleted.').waitFor();
  await rows.filter({ hasText: 'Night Shoot' }).waitFor({ state: 'detached' });

  const after = await savedApiPaths(page);
  assert.deepEqual(after.filter((p) => p.includes(seed.production.id) || p.includes(scene.id)), []);
  assert.ok(after.some((p) => p.includes(other.production.id)), "the other production's copies stay");
  await alex.api('GET', `/productions/${seed.production.id}`, undefined, { expect: 404 });
  const cast = await seed.coordinator.api('GET', `/scenes/${scene.id}`);
  assert.deepEqual(cast.cast, []);
  const lastMe = await page.evaluate(() => JSON.parse(localStorage.getItem('closedset.lastMe.v1') ?? 'null'));
  assert.deepEqual(lastMe.memberships.map((m) => m.productionId), [other.production.id]);

  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the only producer cannot leave, and is told why', async () => {
  const leave = `/api/v1/productions/${seed.production.id}/members/${seed.producer.id}`;
  const { ctx, page, problems } = await newPage(browser, 'only producer', { allow: [{ status: 409, path: leave }] });
  await signInPage(page, server.url, seed.producer, '/me');
  await settled(page, 'Me');
  await page.getByRole('button', { name: 'Leave Night Shoot' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave Night Shoot?' });
  await dialog.getByRole('button', { name: 'Leave Night Shoot' }).click();
  await dialog.getByText('You are the only producer. Make someone else a producer before you leave.').waitFor();
  await seed.producer.api('GET', `/productions/${seed.production.id}`);
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('download my record: fetched with the token, saved as a .json file', async () => {
  const [, sam] = seed.performers;
  const { ctx, page, problems } = await newPage(browser, 'record', { context: { acceptDownloads: true } });
  await signInPage(page, server.url, sam, '/me');
  await settled(page, 'Me');
  let sentToken = false;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/me/export') sentToken ||= /^Bearer /.test(r.headers().authorization ?? '');
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my record' }).click()]);
  assert.match(download.suggestedFilename(), /\.json$/);
  const record = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(typeof record, 'object');
  assert.ok(JSON.stringify(record).includes(sam.id), 'the record is about the person');
  assert.ok(sentToken, 'the export was requested with the access token');
  await page.getByText(`Saved as ${download.suggestedFilename()}.`).waitFor();
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('delete my account: says what goes and what stays, needs the password, then nothing is left on the device', async () => {
  const [, sam] = seed.performers;
  const scene = await seedScene(seed, { number: '32', title: 'Garage', cast: [sam] });
  await sam.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed' });
  const wrong = { path: '/api/v1/me' };
  const { ctx, page, problems } = await newPage(browser, 'deleting performer', { allow: [{ status: 401, ...wrong }, { status: 403, ...wrong }, { status: 422, ...wrong }] });
  await signInPage(page, server.url, sam, scenePathOf(scene));
  await settled(page, '32 · Garage');
  await workerControls(page);
  await page.reload();
  await settled(page, '32 · Garage');
  assert.ok((await savedApiPaths(page)).length > 0);

  await page.locator('.tabbar').getByRole('link', { name: 'Me' }).click();
  await settled(page, 'Me');
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  const erased = await dialog.getByTestId('erased').innerText();
  const kept = await dialog.getByTestId('kept').innerText();
  assert.match(erased, /name, e-mail address and pronouns/);
  assert.match(erased, /boundaries/);
  assert.match(kept, /consent decisions and check-in answers/);
  assert.match(kept, /Riders you signed/);
  const found = await seriousAxe(page, 'delete dialog');
  await screenshot(page, 'me-delete-dialog');

  // Without the password nothing is sent; with a wrong one the server refuses.
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await dialog.getByText('Please fill this in.').waitFor();
  await dialog.getByLabel('Your password').fill('not the password at all');
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await dialog.getByText('That password is not right.').waitFor();

  await dialog.getByLabel('Your password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL(/\/signin/);
  await page.getByText('Your account was deleted. Nothing of it is left on this device.').waitFor();
  assert.deepEqual(await savedApiPaths(page), []);
  assert.equal(await page.evaluate(() => localStorage.getItem('closedset.lastMe.v1')), null);
  // The e-mail is free again; the old password opens nothing.
  await callApi(server.url, null, 'POST', '/auth/login', { email: sam.email, password: PASSWORD }, { expect: 401 });
  // The decision stays on the record, without the name.
  const consents = await seed.coordinator.api('GET', `/scenes/${scene.id}/consents`);
  const entry = consents.find((c) => c.userId === sam.id);
  assert.ok(!entry || entry.displayName !== 'Sam Performer', 'the name is erased');

  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the only producer of a production with other members cannot delete their account', async () => {
  const { ctx, page, problems } = await newPage(browser, 'producer deleting', { allow: [{ status: 409, path: '/api/v1/me' }] });
  await signInPage(page, server.url, seed.producer, '/me');
  await settled(page, 'Me');
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  await dialog.getByLabel('Your password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await dialog.getByText('You are the only producer of a production that has other members.', { exact: false }).waitFor();
  await seed.producer.api('GET', '/me');
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
