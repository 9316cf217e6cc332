// The coverage dashboard and the daily report against the real server: a
// production seeded through the API with scenes in every readiness state; the
// producer's dashboard at 1280×800 and 360×740 (tiles, the day strip, the
// scenes in call-time order with their reasons in sentences, filters kept in
// the address, the CSV download, axe-core clean, screenshots saved in
// e2e/artifacts/); a consent withdrawn and confirmed through the API shows up
// without a reload; a coordinator reaches the dashboard from the production
// page and sees who has not confirmed; the daily report and its print styles.
// The producer learns consent as counts only (rule 10): in the JSON, the CSV
// (one row per scene) and the report. Private notes and boundaries
// planted on purpose never appear on either screen or in the CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { EXPECTED, launchBrowser, settled, startServer, watchPage } from './harness.mjs';
import { callTimeIn, seedProduction, seedScene, signInPage } from './seed.mjs';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
/** Texts only coordinators (or nobody but the performer) may ever see. */
const PRIVATE = ['PRIVATE-CONSENT-NOTE-7731', 'PRIVATE-BOUNDARY-7731', 'PRIVATE-CHECKIN-7731', 'PRIVATE-DEBRIEF-7731', 'PRIVATE-WITHDRAW-7731'];
const ZONE = 'Europe/London';

let server;
let browser;
let seed;
/** Scenes by key, as created. */
const scenes = {};
let ready = false;

/** The calendar date of an instant in the production's zone. */
function londonDay(iso) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * Scenes in every readiness state (the expected state and reason noted), and
 * private texts planted where producers must never see them.
 */
async function seedCoverage() {
  seed = await seedProduction(server.url, { title: 'Night Shoot', performers: ['Alex Performer', 'Sam Performer', 'Jo Performer'] });
  const [alex, sam, jo] = seed.performers;
  const { coordinator, production } = seed;
  const confirm = (who, scene, note) => who.api('PUT', `/scenes/${scene.id}/consent`, { version: 1, decision: 'confirmed', ...(note ? { note } : {}) });

  // ready: every cast member confirmed version 1.
  scenes.ready = await seedScene(seed, { number: '10', title: 'Window', tags: ['kissing'], days: 1, cast: [alex, sam] });
  await confirm(alex, scenes.ready, PRIVATE[0]);
  await confirm(sam, scenes.ready);
  // at risk: two of three have not confirmed.
  scenes.pending = await seedScene(seed, { number: '11', title: 'Hallway', tags: ['touching'], days: 1, cast: [alex, sam, jo] });
  await confirm(jo, scenes.pending);
  // blocked: one declined.
  scenes.declined = await seedScene(seed, { number: '12', title: 'Rooftop', tags: ['kissing'], days: 2, cast: [alex, sam] });
  await confirm(alex, scenes.declined);
  await sam.api('PUT', `/scenes/${scenes.declined.id}/consent`, { version: 1, decision: 'declined' });
  // blocked: no coordinator assigned.
  scenes.noCoordinator = await seedScene(seed, { number: '13', title: 'Stairs', tags: ['kissing'], days: 2, cast: [alex, sam], coordinated: false });
  await confirm(alex, scenes.noCoordinator);
  await confirm(sam, scenes.noCoordinator);
  // at risk: riders written but not signed, due in about a day.
  scenes.rider = await seedScene(seed, { number: '14', title: 'Studio', tags: ['partial_nudity'], days: 3, cast: [alex, sam], rider: true });
  await confirm(alex, scenes.rider);
  await confirm(sam, scenes.rider);
  // not needed: no content tags.
  scenes.notNeeded = await seedScene(seed, { number: '15', title: 'Kitchen', tags: [], days: 4, cast: [jo], publish: false });
  // debrief due: shot, nobody has scheduled a debrief.
  scenes.debrief = await seedScene(seed, { number: '16', title: 'Harbour', tags: ['kissing'], days: 6, cast: [alex, sam] });
  await confirm(alex, scenes.debrief);
  await confirm(sam, scenes.debrief);
  await coordinator.api('PATCH', `/scenes/${scenes.debrief.id}`, { status: 'shot' });
  // at risk: no choreography published yet.
  scenes.noChoreo = await seedScene(seed, { number: '17', title: 'Garden', tags: ['kissing'], days: 5, cast: [alex, sam], publish: false });

  // Private texts: a boundary note, a check-in note and debrief notes.
  await alex.api('POST', '/me/boundaries', { productionId: production.id, kind: 'note', note: PRIVATE[1] });
  const checkin = await coordinator.api('POST', `/scenes/${scenes.ready.id}/checkins`, { reason: 'before take 1', expiresInSec: 1800 });
  await alex.api('POST', `/checkins/${checkin.id}/response`, { answer: 'ok', note: PRIVATE[2] });
  await sam.api('POST', `/checkins/${checkin.id}/response`, { answer: 'ok' });
  const debrief = await coordinator.api('POST', `/scenes/${scenes.ready.id}/debriefs`, { scheduledAt: callTimeIn(2), location: 'Room 4' });
  await coordinator.api('PATCH', `/debriefs/${debrief.id}`, { notes: PRIVATE[3] });
}

/** What the server says now, as the producer. */
const coverage = (query = '') => seed.producer.api('GET', `/productions/${seed.production.id}/coverage${query}`);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const probe = await fetch(`${server.url}/api/v1/productions/x/coverage`);
  ready = probe.status !== 501;
  if (ready) await seedCoverage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A signed-in page for someone at a size; the browser's own zone differs from the production's on purpose. */
async function open(who, viewport, label, pathname) {
  const ctx = await browser.newContext({ viewport, timezoneId: 'Pacific/Auckland', acceptDownloads: true });
  const page = await ctx.newPage();
  const problems = watchPage(page, label, [EXPECTED.signedOutRefresh]);
  await signInPage(page, server.url, who, pathname);
  return { ctx, page, problems };
}

/** Every axe violation (any impact), as readable lines. */
async function axe(page, label) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations.map(
    (v) => `[${label}] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('\n    ')}`,
  );
}

/**
 * Saves the whole page as it looks on a screen that tall (a full-page
 * screenshot would draw the sticky bars mid-page), then restores the size.
 */
async function shot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
  await page.setViewportSize(size);
}

const rows = (page) => page.getByTestId('coverage-row');
const row = (page, scene) => page.locator(`[data-testid="coverage-row"][data-scene="${scene.id}"]`);
const tileCount = async (page, r) => Number(await page.getByTestId(`tile-${r}`).locator('.tile-count').innerText());

/** Asserts that a page holds none of the private texts (visible text and markup). */
async function assertNothingPrivate(page, where) {
  const html = await page.content();
  const text = await page.locator('body').innerText();
  for (const secret of PRIVATE) {
    assert.ok(!html.includes(secret) && !text.includes(secret), `${where} shows a private text (${secret})`);
  }
}

/** A small RFC 4180 reader (quoted cells, CRLF). */
function parseCsv(text) {
  const out = [];
  let rowCells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      rowCells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rowCells.push(cell);
      out.push(rowCells);
      rowCells = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || rowCells.length) out.push([...rowCells, cell]);
  return out;
}

test('the seeded scenes cover every readiness state', async (t) => {
  if (!ready) return t.skip('the server does not implement coverage yet (501)');
  const c = await coverage();
  const by = Object.fromEntries(c.scenes.map((s) => [s.sceneId, s]));
  const expect = {
    ready: ['ready', []],
    pending: ['at_risk', ['consent_pending']],
    declined: ['blocked', ['consent_declined']],
    noCoordinator: ['blocked', ['no_coordinator']],
    rider: ['at_risk', ['rider_missing']],
    notNeeded: ['not_needed', []],
    debrief: ['debrief_due', ['debrief_due']],
    noChoreo: ['at_risk', ['no_choreography']],
  };
  for (const [key, [readiness, reasons]] of Object.entries(expect)) {
    const s = by[scenes[key].id];
    assert.ok(s, `scene ${key} is in the coverage`);
    assert.equal(s.readiness, readiness, `scene ${key}: ${JSON.stringify(s)}`);
    for (const r of reasons) assert.ok(s.reasons.includes(r), `scene ${key} has reason ${r}: ${JSON.stringify(s.reasons)}`);
  }
  assert.deepEqual(
    { ready: c.summary.ready, atRisk: c.summary.atRisk, blocked: c.summary.blocked, debriefDue: c.summary.debriefDue, notNeeded: c.summary.notNeeded },
    { ready: 1, atRisk: 3, blocked: 2, debriefDue: 1, notNeeded: 1 },
  );
});

test('the producer’s dashboard on a laptop: tiles, days, scenes, filters, CSV, axe; live without a reload', async (t) => {
  if (!ready) return t.skip('the server does not implement coverage yet (501)');
  const pid = seed.production.id;
  const { ctx, page, problems } = await open(seed.producer, WIDE, 'producer 1280', `/productions/${pid}/coverage`);
  await settled(page, 'Coverage');
  await page.getByTestId('coverage-table').waitFor();

  // Tiles: the server's summary, each a word and a number.
  assert.equal(await tileCount(page, 'ready'), 1);
  assert.equal(await tileCount(page, 'at_risk'), 3);
  assert.equal(await tileCount(page, 'blocked'), 2);
  assert.equal(await tileCount(page, 'debrief_due'), 1);
  assert.equal(await tileCount(page, 'not_needed'), 1);
  const c = await coverage();
  // Rule 10: the producer's coverage counts consent per scene and names nobody's.
  assert.ok(c.scenes.every((s) => s.consentCounts && s.cast.every((m) => !('consent' in m))), 'consent by name in the producer’s coverage');
  assert.equal(await page.getByTestId('cast-not-confirmed').count(), 0);
  assert.match(await page.getByTestId('tile-consent').innerText(), new RegExp(`${Math.round(c.summary.consentConfirmedPct)}%`));
  assert.match(await page.getByTestId('tile-blocked').innerText(), /Blocked/);

  // The table: every scene, in call-time order, a chip with a word, reasons in sentences, a link to the scene.
  const order = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-scene')));
  const expected = [...c.scenes].sort((a, b) => Date.parse(a.callTime) - Date.parse(b.callTime)).map((s) => s.sceneId);
  assert.deepEqual(order, expected);
  assert.equal(order.length, 8);
  const text = async (scene) => row(page, scene).innerText();
  assert.match(await text(scenes.ready), /Ready[\s\S]*Nothing needs attention/);
  assert.match(await text(scenes.pending), /At risk[\s\S]*2 of 3 performers have not confirmed version 1/);
  assert.match(await text(scenes.declined), /Blocked[\s\S]*1 performer declined version 1/);
  assert.match(await text(scenes.noCoordinator), /Blocked[\s\S]*No coordinator assigned/);
  assert.match(await text(scenes.rider), /At risk[\s\S]*2 of 2 riders not signed, due in \d+ h/);
  assert.match(await text(scenes.notNeeded), /Not needed/);
  assert.match(await text(scenes.debrief), /Debrief due[\s\S]*Debrief not scheduled/);
  assert.match(await text(scenes.noChoreo), /At risk[\s\S]*No choreography published/);
  assert.match(await text(scenes.ready), /Last check-in\s*OK/);
  assert.match(await text(scenes.ready), /Debrief\s*Scheduled/);
  assert.equal(
    await row(page, scenes.pending).getByTestId('scene-link').getAttribute('href'),
    `/productions/${pid}/scenes/${scenes.pending.id}`,
  );
  assert.match(await page.getByTestId('freshness').innerText(), /Live/);

  // The day strip: 14 days in the production's zone, each with its scenes.
  const days = page.getByTestId('day');
  assert.equal(await days.count(), 14);
  const day1 = londonDay(scenes.ready.callTime);
  const day2 = londonDay(scenes.declined.callTime);
  assert.match(await page.locator(`[data-testid="day"][data-date="${day1}"]`).innerText(), /2 scenes/);
  assert.match(await page.locator(`[data-testid="day"][data-date="${day2}"]`).innerText(), /Blocked[\s\S]*2 scenes · 2 blocked/);

  await shot(page, 'coverage-1280.png');
  const found = await axe(page, 'dashboard 1280');

  // Filter by readiness: a tile, kept in the address, and back to all.
  await page.getByTestId('tile-blocked').click();
  await page.waitForURL(/readiness=blocked/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="coverage-row"]').length === 2);
  assert.deepEqual((await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-readiness')))).sort(), ['blocked', 'blocked']);
  assert.equal(await page.getByTestId('tile-blocked').getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: 'Show all scenes' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="coverage-row"]').length === 8);

  // A day from the strip: the link opens the same view.
  await page.locator(`[data-testid="day"][data-date="${day2}"]`).click();
  await page.waitForURL(new RegExp(`from=${day2}&to=${day2}`));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="coverage-row"]').length === 2);
  const filteredUrl = page.url();
  await page.goto(filteredUrl);
  await settled(page, 'Coverage');
  await page.getByTestId('coverage-table').waitFor();
  assert.equal(await rows(page).count(), 2);
  assert.equal(await page.locator('#cov-from').inputValue(), day2);
  assert.match(await page.getByTestId('report-link').innerText(), /Daily report/);
  await page.goto(`${server.url}/productions/${pid}/coverage`);
  await settled(page, 'Coverage');
  await page.getByTestId('coverage-table').waitFor();

  // CSV: fetched with the token, saved under the server's name; a header and one row per scene × cast member.
  const [download, response] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/coverage.csv')),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  assert.equal(response.status(), 200);
  const disposition = response.headers()['content-disposition'] ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1];
  assert.ok(name, `Content-Disposition names a file: ${disposition}`);
  assert.equal(download.suggestedFilename(), name);
  const csv = await readFile(await download.path(), 'utf8');
  const table = parseCsv(csv.replace(/^\uFEFF/, '')).filter((r) => r.some((x) => x !== ''));
  const header = table[0];
  // The producer's CSV: one row per scene with counts, no performer columns (rule 10).
  for (const col of ['scene_number', 'readiness', 'reasons', 'consent_confirmed', 'consent_pending', 'consent_declined', 'consent_withdrawn', 'riders_signed', 'riders_unsigned', 'riders_late']) {
    assert.ok(header.includes(col), `CSV column ${col} in ${header}`);
  }
  for (const col of ['performer', 'performer_id', 'consent']) assert.ok(!header.includes(col), `producer CSV column ${col} in ${header}`);
  assert.equal(table.length - 1, c.scenes.length);
  const pendingRow = table.find((r) => r[header.indexOf('scene_number')] === '11');
  assert.equal(pendingRow[header.indexOf('consent_confirmed')], '1');
  assert.equal(pendingRow[header.indexOf('consent_pending')], '2');
  for (const p of seed.performers) assert.ok(!csv.includes(p.name), `the producer's CSV names ${p.name}`);
  assert.ok(table.slice(1).every((r) => r.length === header.length));
  await page.getByText(`Saved ${name}.`).waitFor();
  for (const secret of PRIVATE) assert.ok(!csv.includes(secret), `the CSV holds a private text (${secret})`);

  // Live: consent changes through the API show without a reload.
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  const [alex] = seed.performers;
  await alex.api('POST', `/scenes/${scenes.ready.id}/consent/withdraw`, { note: PRIVATE[4] });
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="coverage-row"][data-scene="${id}"]`)?.getAttribute('data-readiness') === 'blocked',
    scenes.ready.id,
    { timeout: 10_000 },
  );
  assert.match(await text(scenes.ready), /Blocked[\s\S]*1 performer withdrew/);
  assert.equal(await tileCount(page, 'blocked'), 3);
  assert.equal(await tileCount(page, 'ready'), 0);
  await alex.api('PUT', `/scenes/${scenes.pending.id}/consent`, { version: 1, decision: 'confirmed' });
  await row(page, scenes.pending).getByText('1 of 3 performers has not confirmed version 1').waitFor({ timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');

  await assertNothingPrivate(page, 'the dashboard');
  await ctx.close();
  if (found.length) console.log(found.join('\n'));
  assert.deepEqual(found, [], `${found.length} axe violations`);
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the dashboard on a phone: cards instead of a table, nothing wider than the screen, axe clean', async (t) => {
  if (!ready) return t.skip('the server does not implement coverage yet (501)');
  const pid = seed.production.id;
  const { ctx, page, problems } = await open(seed.producer, PHONE, 'producer 360', `/productions/${pid}/coverage`);
  await settled(page, 'Coverage');
  await page.getByTestId('coverage-cards').waitFor();
  assert.equal(await page.getByTestId('coverage-table').count(), 0);
  assert.equal(await rows(page).count(), 8);
  assert.match(await row(page, scenes.pending).innerText(), /1 of 3 performers has not confirmed version 1/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  // The tab bar is at the bottom, with Coverage current.
  assert.equal(await page.locator('.tabbar').getByRole('link', { name: 'Coverage' }).getAttribute('aria-current'), 'page');
  // Filters from the phone too.
  await page.getByTestId('tile-at_risk').click();
  await page.waitForURL(/readiness=at_risk/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="coverage-row"]').length === 3);
  await page.getByRole('button', { name: 'Show all scenes' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="coverage-row"]').length === 8);
  await shot(page, 'coverage-360.png');
  const found = await axe(page, 'dashboard 360');
  // The light theme passes too.
  await page.evaluate(() => document.documentElement.classList.replace('theme-dark', 'theme-light'));
  found.push(...(await axe(page, 'dashboard 360 light')));
  await assertNothingPrivate(page, 'the dashboard on a phone');
  await ctx.close();
  if (found.length) console.log(found.join('\n'));
  assert.deepEqual(found, [], `${found.length} axe violations`);
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a coordinator reaches the dashboard from the production page', async (t) => {
  if (!ready) return t.skip('the server does not implement coverage yet (501)');
  const pid = seed.production.id;
  const { ctx, page, problems } = await open(seed.coordinator, PHONE, 'coordinator', `/productions/${pid}`);
  await settled(page, 'Night Shoot');
  await page.getByTestId('coverage-link').click();
  await settled(page, 'Coverage');
  await page.getByTestId('coverage-cards').waitFor();
  assert.equal(await rows(page).count(), 8);
  // The coordinator sees who has not confirmed, by name.
  const pendingCard = row(page, scenes.pending);
  const named = await pendingCard.getByTestId('cast-not-confirmed').allInnerTexts();
  assert.ok(named.length > 0 && named.every((n) => /^(Alex|Sam) Performer: Pending$/.test(n)), named.join(', '));
  assert.equal(await page.locator('.tabbar').getByRole('link', { name: 'Board' }).getAttribute('aria-current'), 'page');
  await page.getByTestId('freshness').getByText('Live').waitFor();
  await ctx.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the daily report: one day, status only, printable', async (t) => {
  if (!ready) return t.skip('the server does not implement coverage yet (501)');
  const pid = seed.production.id;
  const day1 = londonDay(scenes.ready.callTime);
  const { ctx, page, problems } = await open(seed.producer, WIDE, 'report', `/productions/${pid}/coverage?from=${day1}&to=${day1}`);
  await settled(page, 'Coverage');
  await page.getByTestId('report-link').click();
  await page.waitForURL(new RegExp(`/report\\?date=${day1}$`));
  await settled(page, 'Daily report');
  await page.getByTestId('report-scene').first().waitFor();

  assert.equal(await page.getByTestId('report-production').innerText(), 'Night Shoot');
  assert.match(await page.getByTestId('report-date').innerText(), /\d{4}/);
  const body = await page.locator('main').innerText();
  assert.match(body, /Europe\/London|Europe London/);
  const ids = await page.getByTestId('report-scene').evaluateAll((els) => els.map((e) => e.getAttribute('data-scene')));
  const c = await coverage(`?from=${day1}&to=${day1}`);
  assert.deepEqual(ids.sort(), c.scenes.map((s) => s.sceneId).sort());
  assert.ok(ids.includes(scenes.ready.id) && ids.includes(scenes.pending.id));
  const pending = page.locator(`[data-testid="report-scene"][data-scene="${scenes.pending.id}"]`);
  const pendingText = await pending.innerText();
  assert.match(pendingText, /11[\s\S]*Hallway/);
  assert.match(pendingText, /Call time\s*\d{2}:\d{2}/);
  assert.match(pendingText, /1 of 3 performers has not confirmed version 1/);
  for (const p of seed.performers) assert.match(pendingText, new RegExp(p.name));
  // The producer learns consent as counts only: no consent column by name (rule 10).
  assert.match(await pending.getByTestId('report-consent-counts').innerText(), /Confirmed: 2[\s\S]*Pending: 1[\s\S]*Declined: 0[\s\S]*Withdrawn: 0/);
  assert.equal(await pending.locator('.report-cast thead th').count(), 2);
  assert.equal(await pending.getByTestId('report-cast-row').first().locator('td').count(), 1);
  assert.match(pendingText, /Not required/);
  const readyText = await page.locator(`[data-testid="report-scene"][data-scene="${scenes.ready.id}"]`).innerText();
  assert.match(readyText, /Withdrawn: 1/);
  assert.match(readyText, /Last check-in\s*OK/);
  assert.match(readyText, /Debrief\s*Scheduled/);
  assert.match(await page.getByTestId('report-counts').innerText(), /Blocked: 1/);
  const found = await axe(page, 'daily report');
  await shot(page, 'report-1280.png');
  await assertNothingPrivate(page, 'the daily report');

  // The button prints.
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => {
      window.__printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
  assert.equal(await page.evaluate(() => window.__printed), 1);

  // In print: no navigation, no buttons, dark text on white.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.tabbar').isVisible(), false);
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Print / Save as PDF' }).isVisible(), false);
  assert.equal(await page.locator('#report-date').isVisible(), false);
  assert.equal(await page.getByTestId('report-scene').first().isVisible(), true);
  const colours = await page.evaluate(() => ({
    bg: getComputedStyle(document.body).backgroundColor,
    fg: getComputedStyle(document.querySelector('main')).color,
  }));
  assert.deepEqual(colours, { bg: 'rgb(255, 255, 255)', fg: 'rgb(0, 0, 0)' });
  await shot(page, 'report-print.png');
  await writeFile(path.join(ARTIFACTS, 'report.pdf'), await page.pdf({ format: 'A4', printBackground: true }));
  await page.emulateMedia({ media: 'screen' });

  await ctx.close();
  if (found.length) console.log(found.join('\n'));
  assert.deepEqual(found, [], `${found.length} axe violations`);
  assert.deepEqual(problems, [], problems.join('\n'));
});
