// One clear decision per consent state (issue 13, finding 3), in the browser
// at 360×740: each state of a performer's consent — nothing published,
// pending, confirmed, declined, withdrawn, reopened by a new version, and
// pending or confirmed after filming — is set up through the API, its scene
// is opened, and the action bar's buttons are checked against a table
// state → buttons (never two "no" buttons at once), with axe on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startUp } from './harness.mjs';
import { basicSteps, seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;

before(async () => ({ server, browser, seed } = await startUp({ seed: { performers: ['Alex Performer'] } })));
after(shutDown);

const PROMISE = 'You can withdraw at any time. No reason needed.';
const FOOTAGE = 'This scene has been filmed: withdrawing now asks the production about using the footage.';

test('each consent state shows its one decision', async () => {
  const [alex] = seed.performers;
  const decide = (s, decision, version = 1) => alex.api('PUT', `/scenes/${s.id}/consent`, { version, decision });
  const film = (s, status) => seed.coordinator.api('PATCH', `/scenes/${s.id}`, { status });

  // state → how to get there → the buttons and the sentence in the action bar
  const table = [
    { state: 'nothing published', setup: async (s) => s, publish: false, buttons: [], note: null },
    { state: 'pending', setup: async () => {}, buttons: ['Confirm', 'Decline'], note: null },
    { state: 'confirmed', setup: (s) => decide(s, 'confirmed'), buttons: ['Withdraw consent'], note: PROMISE },
    { state: 'declined', setup: (s) => decide(s, 'declined'), buttons: ['Confirm version 1'], note: null },
    { state: 'withdrawn', setup: (s) => alex.api('POST', `/scenes/${s.id}/consent/withdraw`, {}), buttons: ['Confirm version 1'], note: null },
    {
      state: 'pending again (a new version after a confirmation)',
      setup: async (s) => {
        await decide(s, 'confirmed');
        const steps = basicSteps(alex, alex);
        steps[1].durationSec = 5;
        await seed.coordinator.api('POST', `/scenes/${s.id}/choreography`, { summary: 'Shorter pause', steps });
      },
      buttons: ['Confirm', 'Decline'],
      note: null,
    },
    { state: 'pending, filmed', setup: (s) => film(s, 'shot'), buttons: ['Withdraw consent'], note: FOOTAGE },
    {
      state: 'confirmed, filmed',
      setup: async (s) => {
        await decide(s, 'confirmed');
        await film(s, 'wrapped');
      },
      buttons: ['Withdraw consent'],
      note: FOOTAGE,
    },
  ];

  const { page, ctx, problems } = await newPage(browser, 'performer');
  let signedIn = false;
  const seen = [];
  const violations = [];
  for (const [i, row] of table.entries()) {
    const scene = await seedScene(seed, { number: `${40 + i}`, title: `State ${i}`, publish: row.publish ?? true });
    await row.setup(scene);
    const path = `/productions/${seed.production.id}/scenes/${scene.id}`;
    if (!signedIn) {
      await signInPage(page, server.url, alex, path);
      signedIn = true;
    } else {
      await page.goto(`${server.url}${path}`);
    }
    await settled(page, `${40 + i} · State ${i}`);
    const bar = page.locator('.page-actions');
    const buttons = (await bar.count()) ? await bar.getByRole('button').allInnerTexts() : [];
    const note = (await bar.count()) && (await bar.locator('.decision-note').count()) ? await bar.locator('.decision-note').innerText() : null;
    seen.push({ state: row.state, buttons: buttons.map((b) => b.trim()), note });
    const no = buttons.filter((b) => /^(Decline|Withdraw consent)$/.test(b.trim()));
    assert.ok(no.length <= 1, `${row.state}: two "no" buttons: ${buttons.join(', ')}`);
    violations.push(...(await seriousAxe(page, row.state)));
    await screenshot(page, `decision-${row.state.replace(/[^a-z]+/g, '-')}`);
  }
  assert.deepEqual(
    seen,
    table.map((r) => ({ state: r.state, buttons: r.buttons, note: r.note })),
  );
  assert.deepEqual(violations, [], violations.join('\n'));
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('after filming, the withdrawal dialog says what it asks', async () => {
  const [alex] = seed.performers;
  const scene = await seedScene(seed, { number: '60', title: 'Filmed' });
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed' });
  await seed.coordinator.api('PATCH', `/scenes/${scene.id}`, { status: 'shot' });
  const { page, ctx, problems } = await newPage(browser, 'performer');
  await signInPage(page, server.url, alex, `/productions/${seed.production.id}/scenes/${scene.id}`);
  await settled(page, '60 · Filmed');
  // "You" in the steps: the reader's own name, highlighted by weight and underline, never their full name.
  const facts = page.locator('[data-testid="step"] .step-facts').first();
  await facts.getByTestId('you').first().waitFor();
  assert.equal(await facts.getByTestId('you').first().evaluate((el) => getComputedStyle(el).fontWeight), '700');
  assert.doesNotMatch(await facts.innerText(), new RegExp(alex.name));
  await page.getByRole('button', { name: 'Withdraw consent' }).click();
  const dialog = page.getByRole('dialog', { name: 'Withdraw consent?' });
  await dialog.getByText(PROMISE).waitFor();
  await dialog.getByText(FOOTAGE).waitFor();
  const violations = await seriousAxe(page, 'withdraw dialog after filming');
  assert.deepEqual(violations, [], violations.join('\n'));
  await dialog.getByRole('button', { name: 'Withdraw consent' }).click();
  await page.getByText('Your coordinator has been told.', { exact: false }).waitFor();
  // Withdrawn: the one decision left is to confirm the version again.
  await page.locator('.page-actions').getByRole('button', { name: 'Confirm version 1' }).waitFor();
  const consents = await seed.coordinator.api('GET', `/scenes/${scene.id}/consents`);
  const mine = consents.find((x) => x.userId === alex.id);
  assert.equal(mine.state, 'withdrawn');
  assert.equal(mine.postPhotography, true);

  // The light theme sets a light theme-color, the dark one a dark one (finding 9).
  const themeColor = () => page.evaluate(() => document.querySelector('meta[name="theme-color"]')?.getAttribute('content'));
  assert.equal(await themeColor(), '#111317');
  await page.evaluate(() => localStorage.setItem('closedset.theme', 'light'));
  await page.reload();
  await settled(page, '60 · Filmed');
  assert.equal(await themeColor(), '#f6f7f9');
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
