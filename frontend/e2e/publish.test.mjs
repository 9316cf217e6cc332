// Review before publishing (issue 13, finding 4), in the browser at 360×740:
// a step with nobody named is refused before anything is sent; "Remove step"
// has Undo, which puts the step back where it was; "Review version 2" shows
// every warning, who will be asked again by name and what changed, while the
// server still has one version (the preview writes nothing); "Edit again"
// goes back with the draft kept; "Publish version 2" publishes. Axe on the
// editor and the review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, seriousAxe, settled, shutDown, startUp } from './harness.mjs';
import { seedScene, signInPage } from './seed.mjs';

let server;
let browser;
let seed;

before(async () => ({ server, browser, seed } = await startUp({ seed: {} })));
after(shutDown);

test('review before publishing, with undo of Remove step', async () => {
  const [alex, sam] = seed.performers;
  const scene = await seedScene(seed, { number: '31', title: 'Harbour' });
  await alex.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed' });
  // Step 2 has Sam touching Alex's back: a boundary of Alex's.
  await alex.api('POST', '/me/boundaries', { productionId: seed.production.id, kind: 'no_contact', areas: ['back'] });

  const { page: c, ctx, problems } = await newPage(browser, 'coordinator');
  const previews = [];
  c.on('request', (r) => /\/choreography\/preview$/.test(r.url()) && previews.push(r.method()));
  await signInPage(c, server.url, seed.coordinator, `/productions/${seed.production.id}/scenes/${scene.id}/choreography`);
  await settled(c, 'Choreography for 31 · Harbour');
  const violations = await seriousAxe(c, 'editor');
  const editors = c.locator('[data-testid="step-editor"]');
  assert.equal(await editors.count(), 2);
  await c.getByLabel('Summary').fill('Shorter embrace');

  // Remove step 1, then Undo: it comes back at its place.
  await editors.nth(0).getByRole('button', { name: 'Remove step' }).click();
  assert.equal(await editors.count(), 1);
  const undo = c.locator('[data-testid="undo-remove"]');
  await undo.getByText('Step 1 removed.').waitFor();
  await undo.getByRole('button', { name: 'Undo' }).click();
  assert.equal(await editors.count(), 2);
  assert.equal(await editors.nth(0).getByLabel('Step title').inputValue(), 'Approach');
  assert.equal(await editors.nth(1).getByLabel('Step title').inputValue(), 'Embrace');
  assert.equal(await undo.count(), 0);

  // A step with nobody named is refused here, as the API would (minItems 1): nothing is sent.
  await c.getByRole('button', { name: 'Add step' }).click();
  await editors.nth(2).getByLabel('Step title').fill('Pause');
  await c.getByRole('button', { name: 'Review version 2' }).click();
  await editors.nth(2).getByText('Name at least one performer for this step.').waitFor();
  assert.deepEqual(previews, []);
  await editors.nth(2).getByRole('button', { name: 'Remove step' }).click();

  await editors.nth(1).getByLabel('Duration in seconds').fill('6');
  await c.getByRole('button', { name: 'Review version 2' }).click();
  const review = c.locator('[data-testid="publish-review"]');
  await review.getByRole('heading', { name: 'Review version 2 before publishing' }).waitFor();
  await review.locator('[data-testid="review-flags"]').getByText(`Step 2: Touches a boundary of ${alex.name}`).waitFor();
  await review.locator('[data-testid="review-reopens"]').getByText(`Asked to decide again: ${alex.name}.`).waitFor();
  assert.doesNotMatch(await review.locator('[data-testid="review-reopens"]').innerText(), new RegExp(sam.name));
  await review.locator('[data-testid="diff-changed"]', { hasText: 'Embrace' }).waitFor();
  await review.getByText('1 other step is unchanged.').waitFor();
  assert.deepEqual(await review.getByRole('button').allInnerTexts(), ['Publish version 2', 'Edit again']);
  violations.push(...(await seriousAxe(c, 'review')));
  await screenshot(c, 'publish-review');
  // The preview wrote nothing.
  assert.deepEqual(previews, ['POST']);
  assert.equal((await seed.coordinator.api('GET', `/scenes/${scene.id}/choreography/versions`)).length, 1);

  // Edit again: the draft is as it was.
  await review.getByRole('button', { name: 'Edit again' }).click();
  assert.equal(await editors.nth(1).getByLabel('Duration in seconds').inputValue(), '6');
  await c.getByRole('button', { name: 'Review version 2' }).click();
  await review.getByRole('button', { name: 'Publish version 2' }).click();
  await c.waitForURL(/\?published=2$/);
  assert.equal((await seed.coordinator.api('GET', `/scenes/${scene.id}/choreography/versions`)).length, 2);

  assert.deepEqual(violations, [], violations.join('\n'));
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
