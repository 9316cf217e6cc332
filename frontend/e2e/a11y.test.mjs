// Accessibility: axe-core on every screen of this issue, in the dark and the
// light theme, at 360×740. Any violation of impact "serious" or "critical"
// fails the test (all are printed). Console errors and CSP violations fail
// it too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import {
  EXPECTED,
  VIEWPORT,
  createProductionViaUI,
  inviteViaUI,
  launchBrowser,
  screenshot,
  settled,
  signUpViaUI,
  startServer,
  uniqueEmail,
  watchPage,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function audit(page, label, found) {
  const results = await new AxeBuilder({ page }).analyze();
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    const targets = v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`);
    found.push(`[${label}] ${v.impact} ${v.id}: ${v.help}\n    ${targets.join('\n    ')}`);
  }
  await screenshot(page, label.replace(/[^a-z0-9]+/gi, '-'));
}

async function themedContext(theme) {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  await ctx.addInitScript((choice) => window.localStorage.setItem('closedset.theme', choice), theme);
  return ctx;
}

for (const theme of ['dark', 'light']) {
  test(`every screen passes axe in the ${theme} theme`, async () => {
    const found = [];
    const problems = [];
    const guest = await themedContext(theme);
    const member = await themedContext(theme);
    const g = await guest.newPage();
    const m = await member.newPage();
    problems.push(...watchPage(g, `${theme} guest`, [EXPECTED.signedOutRefresh]));
    problems.push(...watchPage(m, `${theme} member`, [EXPECTED.signedOutRefresh]));

    await g.goto(`${server.url}/signin`);
    await settled(g, 'Sign in');
    assert.equal(await g.evaluate(() => document.documentElement.className), `theme-${theme}`);
    await audit(g, `${theme} sign in`, found);
    // A form with its errors shown must pass too.
    await g.getByRole('button', { name: 'Sign in' }).click();
    await g.getByText('Please correct the highlighted fields.').waitFor();
    await audit(g, `${theme} sign in with errors`, found);

    await g.goto(`${server.url}/signup`);
    await settled(g, 'Create your account');
    await audit(g, `${theme} sign up`, found);

    await m.goto(`${server.url}/signup`);
    await settled(m, 'Create your account');
    await signUpViaUI(m, { email: uniqueEmail(`a11y-${theme}`), password: 'a long enough password', displayName: 'Sam Producer' });
    await settled(m, 'My productions');
    await m.getByText('No productions yet').waitFor();
    await audit(m, `${theme} productions empty`, found);

    await m.getByRole('link', { name: 'Create production' }).click();
    await settled(m, 'Create production');
    await audit(m, `${theme} create production`, found);
    await m.getByRole('link', { name: 'Productions' }).click();
    await settled(m, 'My productions');

    await createProductionViaUI(m, 'Harbour Lights');
    const link = await inviteViaUI(m, uniqueEmail('guest'), 'coordinator');
    await audit(m, `${theme} production with invite link`, found);

    await m.getByRole('link', { name: 'Productions' }).click();
    await settled(m, 'My productions');
    await m.getByRole('link', { name: /Harbour Lights/ }).waitFor();
    await audit(m, `${theme} productions with one`, found);

    await g.goto(link);
    await settled(g, 'Join a production');
    await audit(g, `${theme} accept invite signed out`, found);

    await m.goto(link);
    await settled(m, 'Join a production');
    await audit(m, `${theme} accept invite signed in`, found);

    await m.getByRole('link', { name: 'Me' }).click();
    await settled(m, 'Me');
    await audit(m, `${theme} me`, found);

    await m.getByRole('link', { name: 'Inbox' }).click();
    await settled(m, 'Inbox');
    await audit(m, `${theme} inbox`, found);

    await guest.close();
    await member.close();
    if (found.length) console.log(found.join('\n'));
    assert.deepEqual(found, [], `${found.length} serious/critical axe violations`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

test('"same as device" follows the system colour scheme', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
  await ctx.addInitScript(() => window.localStorage.setItem('closedset.theme', 'system'));
  const page = await ctx.newPage();
  await page.goto(`${server.url}/signin`);
  await settled(page, 'Sign in');
  assert.equal(await page.evaluate(() => document.documentElement.className), 'theme-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.className === 'theme-dark');
  await ctx.close();
});
