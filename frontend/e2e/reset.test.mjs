// E-mail in the app (issue 12), against the real server with e-mail on: it
// sends to a tiny SMTP receiver on loopback (smtp.mjs). At 360×740: "Forgot
// password?" on sign-in → the calm confirmation → the link taken from the
// received message (quoted-printable decoded) → the reset page, which takes
// the token out of the address → a new password → signing in with it, the old
// one refused, the used link refused. A signed-in person resetting from the
// link ends on "Sign in" without errors. The e-mail setting on Me survives a
// reload; an invite says "Invite sent to …" and its message arrives. With
// e-mail off (the default server) "Forgot password?" is absent and the pages
// lead to sign-in. axe-clean; no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startServer, startUp } from './harness.mjs';
import { startSmtpReceiver, linkIn } from './smtp.mjs';
import { PASSWORD, callApi, signInPage, uniqueEmail } from './seed.mjs';

const NEW_PASSWORD = 'a brand new password 42';

let server;
let browser;
let seed;
let smtp;
let plain;

before(async () => {
  smtp = await startSmtpReceiver();
  ({ server, browser, seed } = await startUp({ env: { CLOSEDSET_SMTP_URL: smtp.url }, seed: { title: 'Night Shoot', performers: ['Alex Performer', 'Sam Performer'] } }));
  plain = await startServer();
});
after(async () => {
  await shutDown();
  await plain?.stop();
  await smtp?.stop();
});

/** Waits until the app has its configuration (so what depends on e-mail is decided). */
function configAnswered(page) {
  return page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/config' && r.status() === 200);
}

test('forgot password, end to end: the link from the e-mail resets the password once', async () => {
  const alex = seed.performers[0];
  const { ctx, page, problems } = await newPage(browser, 'forgot', {
    // The old password, refused on purpose; the used link, refused on purpose.
    allow: [
      { status: 401, path: '/api/v1/auth/login' },
      { status: 404, path: '/api/v1/auth/password-reset/confirm' },
    ],
  });
  const found = [];
  const config = configAnswered(page);
  await page.goto(`${server.url}/signin`);
  await settled(page, 'Sign in');
  await config;
  await page.locator('#email').fill(alex.email);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await settled(page, 'Forgot password');
  assert.equal(new URL(page.url()).pathname, '/forgot-password');
  assert.equal(await page.locator('#email').inputValue(), alex.email, 'prefilled from the sign-in field');
  found.push(...(await seriousAxe(page, 'forgot password')));
  await screenshot(page, 'forgot-password');
  const sentAt = Date.now();
  await page.getByRole('button', { name: 'Send link' }).click();
  await page.getByText('If an account uses that address, a link is on its way. It works for one hour.').waitFor();
  found.push(...(await seriousAxe(page, 'forgot password sent')));

  const message = await smtp.waitFor(alex.email, (m) => m.at >= sentAt && /reset-password/.test(m.text));
  const link = linkIn(message.text, server.url, '/reset-password?token=');
  assert.ok(link, `a reset link in the text part:\n${message.text}`);
  // The text part comes quoted-printable: the link is whole only once decoded.
  assert.match(message.raw, /Content-Transfer-Encoding: quoted-printable/i);
  assert.ok(!message.text.includes('=\r\n'), 'soft line breaks removed');
  assert.match(message.headers.subject ?? '', /password/i);

  await page.goto(link);
  await settled(page, 'Choose a new password');
  const url = new URL(page.url());
  assert.equal(url.pathname, '/reset-password');
  assert.equal(url.search, '', 'the token left the address bar');
  assert.ok(!(await page.evaluate(() => window.location.href)).includes('token'), 'nor the current history entry');
  found.push(...(await seriousAxe(page, 'reset password')));
  await screenshot(page, 'reset-password');

  // Too short, then not the same twice: said by the fields, nothing sent.
  await page.locator('#password').fill('short');
  await page.locator('#confirm').fill('short');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Use at least 10 characters.').waitFor();
  await page.locator('#password').fill(NEW_PASSWORD);
  await page.locator('#confirm').fill(`${NEW_PASSWORD}!`);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('The two passwords are not the same.').waitFor();
  found.push(...(await seriousAxe(page, 'reset password with errors')));
  await page.getByLabel('Show passwords').check();
  assert.equal(await page.locator('#password').getAttribute('type'), 'text');
  await page.locator('#confirm').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed. You have been signed out everywhere.').waitFor();
  found.push(...(await seriousAxe(page, 'reset password done')));
  await screenshot(page, 'reset-password-done');

  await page.getByRole('button', { name: 'Sign in' }).click();
  await settled(page, 'Sign in');
  assert.equal(await page.locator('#email').inputValue(), '', 'sign-in starts with the e-mail empty');
  // The old password is refused…
  await page.locator('#email').fill(alex.email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That e-mail and password do not match an account.').waitFor();
  // …the new one works.
  await page.locator('#password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await settled(page, 'Needs you');

  // The link works once.
  await page.goto(link);
  await settled(page, 'Choose a new password');
  await page.locator('#password').fill('yet another password');
  await page.locator('#confirm').fill('yet another password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('This link was already used or is not valid. Ask for a new one.').waitFor();
  await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  found.push(...(await seriousAxe(page, 'reset link used')));
  await callApi(server.url, null, 'POST', '/auth/login', { email: alex.email, password: NEW_PASSWORD }, { expect: 200 });

  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a signed-in person who opens a reset link changes the password and lands on sign-in', async () => {
  const sam = seed.performers[1];
  const sentAt = Date.now();
  await callApi(server.url, null, 'POST', '/auth/password-reset', { email: sam.email }, { expect: 202 });
  const message = await smtp.waitFor(sam.email, (m) => m.at >= sentAt && /reset-password/.test(m.text));
  const link = linkIn(message.text, server.url, '/reset-password?token=');
  assert.ok(link);

  // Requests still in flight when the sessions end answer 401: expected.
  const { ctx, page, problems } = await newPage(browser, 'signed-in reset', { allow: [{ status: 401, path: /^\/api\/v1\// }] });
  await signInPage(page, server.url, sam, '/productions');
  await settled(page, 'My productions');
  await page.goto(link);
  await settled(page, 'Choose a new password');
  assert.equal(new URL(page.url()).search, '');
  await page.locator('#password').fill(NEW_PASSWORD);
  await page.locator('#confirm').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed. You have been signed out everywhere.').waitFor();
  // No tabs: nobody is signed in on this device any more.
  await page.getByRole('link', { name: 'Productions' }).waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await settled(page, 'Sign in');
  assert.equal(await page.getByText('Your session ended').count(), 0);
  await sam.api('GET', '/me', undefined, { expect: 401 });
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the e-mail setting on Me: three choices, saved, kept after a reload, reached by /me#notifications', async () => {
  const { ctx, page, problems } = await newPage(browser, 'email setting');
  const found = [];
  await signInPage(page, server.url, seed.coordinator, '/me#notifications');
  await settled(page, 'Me');
  const section = page.locator('section#notifications');
  await section.getByRole('group', { name: 'E-mail notifications' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.closest('section')?.id), 'notifications', 'the section takes focus');
  assert.ok(await section.getByRole('heading', { name: 'Notifications' }).isVisible());
  assert.equal(await page.getByRole('radio', { name: /^Only without push/ }).isChecked(), true, 'default when_no_push');
  await section.getByText('Never e-mail me. Notifications stay in the app.').waitFor();
  await section.getByText('E-mail me every notification, even with push on.').waitFor();
  await section.getByText('Check-in requests are never e-mailed', { exact: false }).waitFor();
  // Every choice is a target of at least 44 px.
  for (const label of await section.locator('label.choice').all()) {
    const box = await label.boundingBox();
    assert.ok(box && box.height >= 44, `choice height ${box?.height}`);
  }
  found.push(...(await seriousAxe(page, 'me e-mail setting')));
  await screenshot(page, 'me-email-setting');

  await page.getByRole('radio', { name: /^Always/ }).check();
  await page.getByTestId('email-setting-status').getByText('Saved.').waitFor();
  assert.deepEqual(await seed.coordinator.api('GET', '/me/notification-settings'), { email: 'always' });
  await page.reload();
  await settled(page, 'Me');
  await page.getByRole('radio', { name: /^Always/ }).waitFor();
  assert.equal(await page.getByRole('radio', { name: /^Always/ }).isChecked(), true);
  assert.equal(await page.getByRole('radio', { name: /^Off/ }).isChecked(), false);
  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('an invite is e-mailed: "Invite sent to …", the link still offered, and the message arrives', async () => {
  const { ctx, page, problems } = await newPage(browser, 'invite');
  const found = [];
  await signInPage(page, server.url, seed.producer, `/productions/${seed.production.id}/members`);
  await settled(page, 'Members and invites');
  const email = uniqueEmail('robin');
  await page.locator('#invite-email').fill(email);
  await page.locator('#invite-role').selectOption('performer');
  assert.equal(await page.getByRole('button', { name: 'Create invite link' }).count(), 0);
  await page.getByRole('button', { name: 'Send invite' }).click();
  await page.getByText(`Invite sent to ${email}.`, { exact: false }).waitFor();
  await page.getByText('You can also share this link:').waitFor();
  const shown = await page.locator('#invite-link').inputValue();
  assert.match(shown, /\/invite\/[^/]+$/);
  found.push(...(await seriousAxe(page, 'invite sent')));
  await screenshot(page, 'invite-sent');

  const message = await smtp.waitFor(email);
  assert.equal(linkIn(message.text, server.url, '/invite/'), shown, 'the e-mail carries the same link');
  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('too many reset requests for one address: the form says how long to wait', async () => {
  const email = uniqueEmail('nobody');
  // The limit counts unknown addresses too (no enumeration): three go through…
  for (let i = 0; i < 3; i++) await callApi(server.url, null, 'POST', '/auth/password-reset', { email }, { expect: 202 });
  const { ctx, page, problems } = await newPage(browser, 'reset limit', { allow: [{ status: 429, path: '/api/v1/auth/password-reset' }] });
  await page.goto(`${server.url}/forgot-password`);
  await settled(page, 'Forgot password');
  await page.locator('#email').fill(email);
  await page.getByRole('button', { name: 'Send link' }).click();
  // …the fourth is told when to try again, in words.
  await page.getByText(/^Too many requests\. Try again in \d+ (minutes?|seconds?|hours?)\.$/).waitFor();
  const found = await seriousAxe(page, 'forgot password limited');
  await ctx.close();
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a locked-out sign-in says when to try again', async () => {
  const email = uniqueEmail('locked');
  const wrong = { email, password: 'not the password at all' };
  // Wrong passwords for one address from one client until the limit answers 429.
  for (let i = 0; i < 30; i++) {
    const r = await fetch(`${plain.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(wrong) });
    if (r.status === 429) break;
    assert.equal(r.status, 401);
  }
  const { ctx, page, problems } = await newPage(browser, 'lockout', { allow: [{ status: 429, path: '/api/v1/auth/login' }] });
  await page.goto(`${plain.url}/signin`);
  await settled(page, 'Sign in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(wrong.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(/^Too many attempts\. Try again in \d+ (minutes?|seconds?|hours?)\.$/).waitFor();
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('with e-mail off there is no "Forgot password?", and its pages lead to sign-in', async () => {
  const { ctx, page, problems } = await newPage(browser, 'e-mail off');
  const config = configAnswered(page);
  await page.goto(`${plain.url}/signin`);
  await settled(page, 'Sign in');
  await config;
  assert.equal(await page.getByRole('link', { name: 'Forgot password?' }).count(), 0);
  await page.goto(`${plain.url}/forgot-password`);
  await page.waitForURL(`${plain.url}/signin`);
  await settled(page, 'Sign in');
  await page.goto(`${plain.url}/reset-password?token=whatever`);
  await page.waitForURL(`${plain.url}/signin`);
  await settled(page, 'Sign in');
  // The server itself refuses reset requests while e-mail is off.
  await callApi(plain.url, null, 'POST', '/auth/password-reset', { email: 'nobody@example.com' }, { expect: 503 });
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
