// The invite flow end to end against the real server: A signs up, creates a
// production and invites B as a performer; B signs up from the link, accepts
// and lands in the production; A sees B among the members (on the
// production's "Members and invites" screen, where the unused invite was
// listed until B accepted it). Along the way:
// reloading keeps A signed in (refresh cookie), and no page logs a console
// error or CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXPECTED,
  VIEWPORT,
  createProductionViaUI,
  inviteViaUI,
  screenshot,
  settled,
  signUpViaUI,
  shutDown,
  startUp,
  watchPage,
} from './harness.mjs';
import { uniqueEmail } from './seed.mjs';

let server;
let browser;

before(async () => ({ server, browser } = await startUp()));
after(shutDown);

test('invite a performer, who signs up from the link and accepts', async () => {
  const problems = [];
  const password = 'a long enough password';

  // --- A: sign up, create a production, invite B ---
  const ctxA = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London' });
  await ctxA.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const a = await ctxA.newPage();
  problems.push(...watchPage(a, 'A', [EXPECTED.signedOutRefresh]));

  const first = await a.goto(`${server.url}/`);
  // Console checks below would catch CSP violations only if the policy is on.
  assert.match(first.headers()['content-security-policy'] ?? '', /script-src 'self'; style-src 'self'/);
  await a.waitForURL(/\/signin$/);
  assert.equal(await a.title(), 'Closed Set');
  await a.getByRole('link', { name: 'Create an account' }).click();
  await settled(a, 'Create your account');
  await signUpViaUI(a, { email: uniqueEmail('alex'), password, displayName: 'Alex Producer', pronouns: 'they/them' });
  await a.waitForURL(`${server.url}/`);
  await settled(a, 'My productions');
  await a.getByText('No productions yet').waitFor();

  // The time zone defaults to the browser's.
  await a.getByRole('link', { name: 'Create production' }).click();
  await settled(a, 'Create production');
  assert.equal(await a.locator('#timezone').inputValue(), 'Europe/London');
  assert.equal(await a.locator('#noticeHours').inputValue(), '48');
  await a.goBack();
  await settled(a, 'My productions');

  const productionId = await createProductionViaUI(a, 'Night Shoot', 'series');
  await a.locator('.details').getByText('Producer', { exact: true }).waitFor();
  await a.getByRole('combobox', { name: 'Production' }).waitFor();

  const emailB = uniqueEmail('blair');
  const shown = await inviteViaUI(a, emailB, 'performer');
  await a.getByRole('button', { name: 'Copy link' }).click();
  await a.getByText('Link copied.').waitFor();
  const link = await a.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, shown, 'the clipboard holds the link shown');
  assert.match(link, new RegExp(`^${server.url}/invite/[^/]+$`));
  await screenshot(a, 'flow-invite-link');

  // Reloading keeps A signed in: the access token is in memory only, the
  // refresh cookie restores it. (The invite form lives on the production's
  // "Members and invites" screen.)
  await a.reload();
  await settled(a, 'Members and invites');
  assert.equal(new URL(a.url()).pathname, `/productions/${productionId}/members`);
  // The unused invite is listed there until B accepts it.
  await a.getByTestId('pending-invite').filter({ hasText: emailB }).waitFor();

  // --- B: a separate browser profile opens the link ---
  const ctxB = await browser.newContext({ viewport: VIEWPORT });
  const b = await ctxB.newPage();
  problems.push(...watchPage(b, 'B', [EXPECTED.signedOutRefresh]));
  await b.goto(link);
  await settled(b, 'Join a production');
  await b.getByRole('link', { name: 'Create account' }).click();
  await settled(b, 'Create your account');
  await signUpViaUI(b, { email: emailB, password, displayName: 'Blair Performer' });
  await b.waitForURL((u) => u.pathname.startsWith('/invite/'));
  await settled(b, 'Join a production');
  await b.getByRole('button', { name: 'Accept invite' }).click();
  await b.waitForURL(`${server.url}/productions/${productionId}`);
  await settled(b, 'Night Shoot');
  await b.locator('.details').getByText('Performer', { exact: true }).waitFor();
  await screenshot(b, 'flow-performer-production');

  // --- A sees B among the members, and the invite is no longer open ---
  await a.reload();
  await settled(a, 'Members and invites');
  await a.getByText('No open invites.').waitFor();
  const members = a.locator('[data-testid="member"]');
  await members.filter({ hasText: 'Blair Performer' }).getByText('Performer', { exact: true }).waitFor();
  await members.filter({ hasText: 'Alex Producer' }).getByText('Producer', { exact: true }).waitFor();
  assert.equal(await members.count(), 2);

  // --- the link works once ---
  const again = await ctxB.newPage();
  const acceptPath = `/api/v1${new URL(link).pathname}/accept`;
  problems.push(...watchPage(again, 'B again', [{ status: 404, path: acceptPath }]));
  await again.goto(link);
  await settled(again, 'Join a production');
  await again.getByRole('button', { name: 'Accept invite' }).click();
  await again.getByText('This invite is not valid or was already used.').waitFor();

  // --- signing out ends the session, also after a reload ---
  await a.locator('.tabbar').getByRole('link', { name: 'Me' }).click();
  await settled(a, 'Me');
  await a.getByRole('button', { name: 'Sign out' }).click();
  await a.waitForURL(/\/signin$/);
  await a.goto(`${server.url}/productions`);
  await a.waitForURL(/\/signin\?next=%2Fproductions$/);

  await ctxA.close();
  await ctxB.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
