// Members and invites (rule 13), against the real server — NEEDS THE ISSUE-11
// SERVER (PATCH/DELETE members, GET/DELETE invites). A producer reaches the
// production's "Members and invites" screen from the production page; revokes
// an unused invite (its link then answers 404); changes a performer's role
// (they leave the scene's cast); removes a member after a confirmation that
// says, in plain words, what removal does (they lose access at once, leave
// every cast and open check-in, their past decisions stay on the record). A
// coordinator sees and revokes performer invites only, and manages nobody.
// axe-clean at 360×740 with the dialogs open; no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startUp } from './harness.mjs';
import { callApi, seedScene, signInPage, uniqueEmail } from './seed.mjs';

let server;
let browser;
let seed;

before(async () => ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot', performers: ['Alex Performer', 'Sam Performer', 'Jo Performer'] } })));
after(shutDown);

const membersPath = () => `/productions/${seed.production.id}/members`;

test('a producer revokes an invite, changes a role and removes a member, each said plainly', async () => {
  const [alex, sam] = seed.performers;
  const scene = await seedScene(seed, { number: '21', title: 'Landing', cast: [alex, sam] });
  // An open check-in Alex is addressed in: removal takes them off it.
  const checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 2', expiresInSec: 1800 });
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed' });

  const { ctx, page, problems } = await newPage(browser, 'producer');
  const found = [];
  await signInPage(page, server.url, seed.producer, `/productions/${seed.production.id}`);
  await settled(page, 'Night Shoot');
  await page.getByTestId('members-link').click();
  await settled(page, 'Members and invites');
  assert.equal(new URL(page.url()).pathname, membersPath());
  assert.equal(await page.getByTestId('member').count(), 5);

  // --- an invite, listed while unused, then revoked ---
  const email = uniqueEmail('robin');
  await page.locator('#invite-email').fill(email);
  await page.locator('#invite-role').selectOption('performer');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = await page.locator('#invite-link').inputValue();
  const token = new URL(link).pathname.split('/').pop();
  const pending = page.getByTestId('pending-invite').filter({ hasText: email });
  await pending.waitFor();
  await pending.getByRole('button', { name: `Revoke the invite for ${email}` }).click();
  const revoke = page.getByRole('dialog', { name: 'Revoke this invite?' });
  await revoke.getByText(`The link sent to ${email} (Performer) stops working at once.`, { exact: false }).waitFor();
  found.push(...(await seriousAxe(page, 'revoke dialog')));
  await revoke.getByRole('button', { name: 'Revoke invite' }).click();
  await page.getByText(`The invite for ${email} no longer works.`).waitFor();
  await pending.waitFor({ state: 'detached' });
  const robin = await callApi(server.url, null, 'POST', '/auth/register', { email, password: 'a long enough password', displayName: 'Robin Performer' });
  await callApi(server.url, robin.accessToken, 'POST', `/invites/${token}/accept`, undefined, { expect: 404 });

  // --- Sam becomes a coordinator: off the scene's cast ---
  await page.getByRole('button', { name: 'Manage Sam Performer' }).click();
  const manage = page.getByRole('dialog', { name: 'Manage Sam Performer' });
  await manage.waitFor();
  // Focus moves into the dialog.
  assert.equal(await page.evaluate(() => document.activeElement?.closest('dialog') !== null), true);
  await manage.getByLabel('Coordinator').check();
  await manage.getByText('They will be taken off every scene they are cast in, and off open check-ins.').waitFor();
  found.push(...(await seriousAxe(page, 'role dialog')));
  await screenshot(page, 'members-role-dialog');
  await manage.getByRole('button', { name: 'Change role' }).click();
  await page.getByText('Sam Performer is now Coordinator.').waitFor();
  await page.getByTestId('member').filter({ hasText: 'Sam Performer' }).getByText('Coordinator', { exact: true }).waitFor();
  const afterRole = await seed.coordinator.api('GET', `/scenes/${scene.id}`);
  assert.deepEqual(afterRole.cast.map((c) => c.userId), [alex.id]);

  // --- Alex is removed, after a confirmation that says what removal does ---
  await page.getByRole('button', { name: 'Manage Alex Performer' }).click();
  await page.getByRole('dialog', { name: 'Manage Alex Performer' }).getByRole('button', { name: 'Remove from production…' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove Alex Performer?' });
  await remove.getByText('They lose access to this production straight away, on every device.').waitFor();
  await remove.getByText('They are taken off every scene’s cast and off open check-ins.').waitFor();
  await remove.getByText('What they decided and answered before stays on the record.').waitFor();
  found.push(...(await seriousAxe(page, 'remove dialog')));
  await screenshot(page, 'members-remove-dialog');
  // Back keeps everything as it was.
  await remove.getByRole('button', { name: 'Back' }).click();
  await remove.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('member').filter({ hasText: 'Alex Performer' }).count(), 1);
  await page.getByRole('button', { name: 'Manage Alex Performer' }).click();
  await page.getByRole('dialog', { name: 'Manage Alex Performer' }).getByRole('button', { name: 'Remove from production…' }).click();
  await page.getByRole('dialog', { name: 'Remove Alex Performer?' }).getByRole('button', { name: 'Remove Alex Performer' }).click();
  await page.getByText('Alex Performer was removed from this production.').waitFor();
  await page.getByTestId('member').filter({ hasText: 'Alex Performer' }).waitFor({ state: 'detached' });

  // Access ends at once, even with the token issued before; history stays.
  await alex.api('GET', `/productions/${seed.production.id}`, undefined, { expect: 404 });
  const afterRemove = await seed.coordinator.api('GET', `/scenes/${scene.id}`);
  assert.deepEqual(afterRemove.cast, []);
  const open = await seed.coordinator.api('GET', `/checkins/${checkin.id}`);
  assert.ok(!(open.responses ?? []).some((r) => r.userId === alex.id), 'off the open check-in');

  found.push(...(await seriousAxe(page, 'members screen')));
  await screenshot(page, 'members-screen');
  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a coordinator sees performer invites only, may revoke them, and manages nobody', async () => {
  const performerEmail = uniqueEmail('kim');
  const coordinatorEmail = uniqueEmail('lee');
  await seed.producer.api('POST', `/productions/${seed.production.id}/invites`, { email: performerEmail, role: 'performer' });
  await seed.producer.api('POST', `/productions/${seed.production.id}/invites`, { email: coordinatorEmail, role: 'coordinator' });

  const { ctx, page, problems } = await newPage(browser, 'coordinator');
  await signInPage(page, server.url, seed.coordinator, `/productions/${seed.production.id}`);
  await settled(page, 'Night Shoot');
  await page.getByRole('link', { name: 'Invite performers' }).click();
  await settled(page, 'Members and invites');
  await page.getByText('You can see and revoke invites for performers.').waitFor();
  await page.getByTestId('pending-invite').filter({ hasText: performerEmail }).waitFor();
  assert.equal(await page.getByTestId('pending-invite').filter({ hasText: coordinatorEmail }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Manage / }).count(), 0);
  assert.equal(await page.locator('#invite-role').isDisabled(), true);

  await page.getByRole('button', { name: `Revoke the invite for ${performerEmail}` }).click();
  await page.getByRole('dialog', { name: 'Revoke this invite?' }).getByRole('button', { name: 'Revoke invite' }).click();
  await page.getByText(`The invite for ${performerEmail} no longer works.`).waitFor();
  const found = await seriousAxe(page, 'coordinator members screen');
  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});
