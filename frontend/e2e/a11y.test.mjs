// Accessibility: axe-core on every screen, in the dark and the light theme,
// at 360×740. Any violation of impact "serious" or "critical" fails the test
// (all are printed). Console errors and CSP violations fail it too. The scene
// screens get their data through the API (seed.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
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
import { basicSteps, seedProduction, seedScene, signInPage, uniqueEmail } from './seed.mjs';

let server;
let browser;

before(async () => ({ server, browser } = await startUp()));
after(shutDown);

async function audit(page, label, found) {
  // Legacy mode runs axe in the page itself (no extra blank page per audit): same rules, faster.
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
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
    await m.getByRole('link', { name: 'Back to Productions' }).click();
    await settled(m, 'My productions');

    await createProductionViaUI(m, 'Harbour Lights');
    const link = await inviteViaUI(m, uniqueEmail('guest'), 'coordinator');
    await audit(m, `${theme} production with invite link`, found);

    await m.locator('#production-switcher').selectOption({ label: 'All productions' });
    await settled(m, 'My productions');
    await m.getByRole('link', { name: /Harbour Lights/ }).waitFor();
    await audit(m, `${theme} productions with one`, found);

    await g.goto(link);
    await settled(g, 'Join a production');
    await audit(g, `${theme} accept invite signed out`, found);

    await m.goto(link);
    await settled(m, 'Join a production');
    await audit(m, `${theme} accept invite signed in`, found);

    await m.locator('.tabbar').getByRole('link', { name: 'Me' }).click();
    await settled(m, 'Me');
    await audit(m, `${theme} me`, found);

    await m.locator('.tabbar').getByRole('link', { name: 'Inbox' }).click();
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

/**
 * Audits a screen in the dark theme, then in the light one by switching the
 * theme class in place (what theme.ts does), running the axe already injected
 * by the first audit: the screens are the same, only the colours change.
 */
async function auditBothThemes(page, label, found) {
  await audit(page, `dark ${label}`, found);
  const violations = await page.evaluate(async () => {
    const root = document.documentElement;
    root.classList.replace('theme-dark', 'theme-light');
    try {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
      }));
    } finally {
      root.classList.replace('theme-light', 'theme-dark');
    }
  });
  for (const v of violations) {
    if (v.impact === 'serious' || v.impact === 'critical') found.push(`[light ${label}] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
  }
}

/** A production with a revised scene: a confirmation with a note, a boundary conflict, unsigned riders. */
async function seedConsentScreens() {
  const seed = await seedProduction(server.url, { title: 'Harbour Lights' });
  const [alex, sam] = seed.performers;
  const scene = await seedScene(seed, { number: '21', title: 'Pier', tags: ['kissing', 'partial_nudity'], rider: true });
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed', note: 'Fine as rehearsed.' });
  await sam.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'declined' });
  await alex.api('POST', '/me/boundaries', { productionId: seed.production.id, kind: 'no_contact', areas: ['back'] });
  const steps = basicSteps(alex, sam);
  steps[1].durationSec = 6;
  steps.push({ ...steps[1], title: 'Hold', contacts: [{ fromUserId: alex.id, toUserId: sam.id, area: 'hands' }] });
  await seed.coordinator.api('POST', `/scenes/${scene.id}/choreography`, { summary: 'Shorter embrace, a hold added', steps });
  await seedScene(seed, { number: '22', title: 'Boathouse', days: 7, publish: false });
  return { seed, scene };
}

test('the scene and consent screens pass axe in the dark and the light theme', async () => {
  const { seed, scene } = await seedConsentScreens();
  const found = [];
  const problems = [];
  const base = `/productions/${seed.production.id}`;
  const open = async (who, label) => {
    const ctx = await themedContext('dark');
    const page = await ctx.newPage();
    problems.push(...watchPage(page, label, [EXPECTED.signedOutRefresh, EXPECTED.noRider]));
    return { ctx, page, who };
  };
  const visit = async ({ page, who }, path, heading, name, first = false) => {
    if (first) await signInPage(page, server.url, who, path);
    else await page.goto(`${server.url}${path}`);
    await settled(page, heading);
    await auditBothThemes(page, name, found);
  };

  const perf = await open(seed.performers[0], 'performer');
  await visit(perf, `${base}/scenes`, 'My scenes', 'performer scenes', true);
  await visit(perf, `${base}/scenes/${scene.id}`, '21 · Pier', 'performer scene with changes');
  // Pending again after a revision: one decision, Confirm / Decline (the withdraw dialog is audited in decisions.test.mjs).
  await perf.page.getByRole('button', { name: 'Decline', exact: true }).click();
  await perf.page.getByRole('dialog', { name: 'Decline version 2?' }).waitFor();
  await auditBothThemes(perf.page, 'decline dialog', found);
  await perf.page.keyboard.press('Escape');
  await perf.page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await perf.page.getByRole('dialog', { name: 'Confirm version 2?' }).waitFor();
  await auditBothThemes(perf.page, 'confirm dialog', found);
  await perf.page.keyboard.press('Escape');
  await visit(perf, `${base}/scenes/${scene.id}/rider`, 'Your rider', 'performer rider');
  await visit(perf, `${base}/boundaries`, 'My boundaries', 'performer boundaries');
  await perf.page.getByRole('radio', { name: 'No contact' }).check();
  await perf.page.getByRole('group', { name: 'Body areas' }).waitFor();
  await auditBothThemes(perf.page, 'boundary form', found);
  await visit(perf, `${base}/checkins`, 'Check-ins', 'performer check-ins');
  await visit(perf, '/me', 'Me', 'performer me');

  const coord = await open(seed.coordinator, 'coordinator');
  await visit(coord, `${base}/scenes`, 'Scenes', 'coordinator scenes', true);
  await visit(coord, `${base}/board`, 'Board', 'coordinator board');
  await visit(coord, `${base}/scenes/${scene.id}`, '21 · Pier', 'coordinator scene');
  await coord.page.getByText('Touches a boundary of Alex Performer').first().waitFor();
  await visit(coord, `${base}/scenes/new`, 'New scene', 'scene form new');
  await coord.page.getByRole('button', { name: 'Create scene' }).click();
  await coord.page.getByText('Please correct the highlighted fields.').waitFor();
  await auditBothThemes(coord.page, 'scene form with errors', found);
  await visit(coord, `${base}/scenes/${scene.id}/edit`, 'Edit scene', 'scene form edit');
  await visit(coord, `${base}/scenes/${scene.id}/cast`, 'Cast of 21 · Pier', 'cast');
  await visit(coord, `${base}/scenes/${scene.id}/choreography`, 'Choreography for 21 · Pier', 'choreography editor');
  await visit(coord, `${base}/scenes/${scene.id}/riders/${seed.performers[0].id}`, 'Rider for Alex Performer', 'rider editor');

  const prod = await open(seed.producer, 'producer');
  await visit(prod, `${base}/coverage`, 'Coverage', 'producer coverage', true);
  await visit(prod, `${base}/scenes`, 'Scenes', 'producer scenes');
  await visit(prod, `${base}/scenes/${scene.id}`, '21 · Pier', 'producer scene');
  const text = await prod.page.locator('main').innerText();
  assert.doesNotMatch(text, /Fine as rehearsed|Touches a boundary|Boundaries and conflicts/, 'producers see no notes, flags or boundaries');

  for (const x of [perf, coord, prod]) await x.ctx.close();
  if (found.length) console.log(found.join('\n'));
  assert.deepEqual(found, [], `${found.length} serious/critical axe violations`);
  assert.deepEqual(problems, [], problems.join('\n'));
});

/**
 * A production with notifications, an open check-in (one answered), a
 * debrief and a second, closed-looking check-in for the notification,
 * check-in and debrief screens.
 */
async function seedNotificationScreens() {
  const seed = await seedProduction(server.url, { title: 'Harbour Lights' });
  const [alex] = seed.performers;
  const scene = await seedScene(seed, { number: '31', title: 'Lighthouse' });
  const probe = await fetch(`${server.url}/api/v1/me/checkins`, { headers: { Authorization: `Bearer ${alex.token}` } });
  if (probe.status === 501) return null;
  const checkin = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'before take 2', expiresInSec: 1800 });
  const answered = await seed.coordinator.api('POST', `/scenes/${scene.id}/checkins`, { reason: 'after take 2', expiresInSec: 1800 });
  await alex.api('POST', `/checkins/${answered.id}/response`, { answer: 'pause', note: 'Need water' });
  const at = new Date(Date.now() + 3 * 86400_000);
  at.setUTCMinutes(0, 0, 0);
  const debrief = await seed.coordinator.api('POST', `/scenes/${scene.id}/debriefs`, {
    scheduledAt: at.toISOString().replace(/\.000Z$/, 'Z'),
    location: 'https://meet.example/room-31',
  });
  return { seed, scene, checkin, answered, debrief };
}

test('the notification, check-in and debrief screens pass axe in the dark and the light theme', async (t) => {
  const seeded = await seedNotificationScreens();
  if (!seeded) return t.skip('the server does not implement check-ins yet (501)');
  const { seed, scene, checkin, answered, debrief } = seeded;
  const found = [];
  const problems = [];
  const base = `/productions/${seed.production.id}`;
  const contexts = [];
  const open = async (who, label, { clock } = {}) => {
    const ctx = await themedContext('dark');
    contexts.push(ctx);
    const page = await ctx.newPage();
    if (clock) await page.clock.setSystemTime(clock);
    problems.push(...watchPage(page, label, [EXPECTED.signedOutRefresh, EXPECTED.noRider]));
    return { ctx, page, who };
  };
  /** Opens a screen, waits for what it must show (ready), then audits it in both themes. */
  const visit = async ({ page, who }, path, heading, name, ready, first = false) => {
    if (first) await signInPage(page, server.url, who, path);
    else await page.goto(`${server.url}${path}`);
    await settled(page, heading);
    if (ready) await ready(page).waitFor();
    await auditBothThemes(page, name, found);
  };

  const perf = await open(seed.performers[0], 'performer');
  await visit(perf, '/inbox', 'Inbox', 'inbox with notifications', (p) => p.getByTestId('inbox-row').first(), true);
  await visit(perf, '/me/notifications', 'Notifications', 'push settings', (p) => p.getByRole('button', { name: 'Turn on notifications' }));
  await visit(perf, `${base}/checkins`, 'Check-ins', 'performer open check-ins', (p) => p.getByTestId('checkin-row').first());
  await visit(perf, `${base}/checkins/${checkin.id}`, 'Check-in · Scene 31', 'check-in open', (p) => p.getByTestId('checkin-timer'));
  await perf.page.getByText('Add a private note (optional)').click();
  await perf.page.getByLabel('Private note to the coordinator').waitFor();
  await auditBothThemes(perf.page, 'check-in with note field', found);
  await visit(perf, `${base}/checkins/${answered.id}`, 'Check-in · Scene 31', 'check-in answered', (p) => p.getByText('Your answer: Need a moment'));
  await visit(perf, '/me/debriefs', 'My debriefs', 'my debriefs', (p) => p.getByTestId('debrief-row'));
  await visit(perf, `${base}/debriefs/${debrief.id}`, 'Debrief for 31 · Lighthouse', 'performer debrief');
  await visit(perf, `${base}/scenes/${scene.id}`, '31 · Lighthouse', 'performer scene with debrief', (p) => p.getByRole('button', { name: /Add to calendar/ }));

  // The same check-in seen after it has closed (the page's clock is an hour on).
  const later = await open(seed.performers[0], 'performer later', { clock: new Date(Date.now() + 3600_000) });
  await visit(later, `${base}/checkins/${checkin.id}`, 'Check-in · Scene 31', 'check-in closed', (p) => p.getByText('This check-in has closed'), true);

  const coord = await open(seed.coordinator, 'coordinator');
  await visit(coord, `${base}/board`, 'Board', 'board with check-ins', (p) => p.getByTestId('checkin-card').first(), true);
  await visit(coord, `${base}/checkins/${answered.id}`, 'Check-in · Scene 31', 'coordinator check-in', (p) => p.getByRole('alert').getByText(seed.performers[0].name));
  await visit(coord, `${base}/scenes/${scene.id}`, '31 · Lighthouse', 'coordinator scene with check-ins', (p) => p.getByTestId('debrief-row'));
  await visit(coord, `${base}/scenes/${scene.id}/checkins/new`, 'Check-in for 31 · Lighthouse', 'request check-in');
  await coord.page.getByRole('button', { name: 'Send check-in' }).click();
  await coord.page.getByText('Please correct the highlighted fields.').waitFor();
  await auditBothThemes(coord.page, 'request check-in with errors', found);
  await visit(coord, `${base}/scenes/${scene.id}/debriefs/new`, 'Schedule a debrief for 31 · Lighthouse', 'schedule debrief');
  await coord.page.getByRole('button', { name: 'Schedule debrief' }).click();
  await coord.page.getByText('Please correct the highlighted fields.').waitFor();
  await auditBothThemes(coord.page, 'schedule debrief with errors', found);
  await visit(coord, `${base}/debriefs/${debrief.id}`, 'Debrief for 31 · Lighthouse', 'edit debrief');
  await coord.page.getByRole('button', { name: 'Cancel debrief' }).click();
  await coord.page.getByRole('dialog', { name: 'Cancel this debrief?' }).waitFor();
  await auditBothThemes(coord.page, 'cancel debrief dialog', found);
  await coord.page.keyboard.press('Escape');

  const prod = await open(seed.producer, 'producer');
  await visit(prod, `${base}/scenes/${scene.id}`, '31 · Lighthouse', 'producer scene with check-ins', (p) => p.getByTestId('debrief-row'), true);
  await prod.page.getByTestId('checkin-card').first().waitFor();
  const text = await prod.page.locator('main').innerText();
  assert.doesNotMatch(text, /Need water/, 'producers never see check-in notes');
  await visit(prod, `${base}/debriefs/${debrief.id}`, 'Debrief for 31 · Lighthouse', 'producer debrief');

  for (const ctx of contexts) await ctx.close();
  if (found.length) console.log(found.join('\n'));
  assert.deepEqual(found, [], `${found.length} serious/critical axe violations`);
  assert.deepEqual(problems, [], problems.join('\n'));
});
