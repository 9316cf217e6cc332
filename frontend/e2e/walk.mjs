// The walking tests' shared part (walk.test.mjs, wordbreak.test.mjs): a
// production seeded through the API with something on every screen, the
// screens each role walks, a guard that records every console error, failed
// request and answer ≥ 400 (unless an allow-list entry, with its reason,
// names it), and an in-app walk (client-side navigation, as a person taps).
import { callTimeIn, seedProduction, seedScene } from './seed.mjs';

/**
 * The world the walks see: scenes in several states (confirmed with a signed
 * rider, pending without a rider, not yet published, a rider to sign, a
 * rider required and not drafted yet), check-ins open and
 * answered, a debrief, a boundary, and the notifications all that causes.
 */
export async function seedWorld(base) {
  const seed = await seedProduction(base, { title: 'Night Shoot', performers: ['Alex Performer', 'Sam Performer'] });
  const [alex, sam] = seed.performers;
  const { coordinator } = seed;
  const window = await seedScene(seed, { number: '27A', title: 'Window', tags: ['partial_nudity', 'kissing'], days: 2 });
  const riders = {};
  for (const p of [alex, sam]) {
    riders[p.id] = await coordinator.api('PUT', `/scenes/${window.id}/riders/${p.id}`, {
      nudity: 'none',
      visibleAreas: ['back', 'shoulders'],
      acts: ['kissing'],
      stillsAllowed: true,
      doubleAllowed: false,
      footageLimits: 'No use outside the episode and its trailer.',
    });
  }
  await alex.api('POST', `/scenes/${window.id}/riders/${alex.id}/sign`, { version: riders[alex.id].version, fullName: alex.name });
  await alex.api('PUT', `/scenes/${window.id}/consent`, { version: 1, decision: 'confirmed' });
  await sam.api('PUT', `/scenes/${window.id}/consent`, { version: 1, decision: 'declined' });
  const hallway = await seedScene(seed, { number: '28', title: 'Hallway', days: 4 });
  const garden = await seedScene(seed, { number: '29', title: 'Garden', days: 6, publish: false });
  // A rider drafted for both and signed by neither (to sign), and one required but not drafted yet (nothing to read).
  const stairs = await seedScene(seed, { number: '30', title: 'Stairs', tags: ['partial_nudity'], days: 7, rider: true });
  const roof = await seedScene(seed, { number: '31', title: 'Roof', tags: ['partial_nudity'], days: 8 });
  const open = await coordinator.api('POST', `/scenes/${window.id}/checkins`, { reason: 'before take 2', expiresInSec: 3600 });
  const answered = await coordinator.api('POST', `/scenes/${window.id}/checkins`, { reason: 'after take 1', expiresInSec: 3600 });
  await alex.api('POST', `/checkins/${answered.id}/response`, { answer: 'ok' });
  await sam.api('POST', `/checkins/${answered.id}/response`, { answer: 'pause' });
  const debrief = await coordinator.api('POST', `/scenes/${window.id}/debriefs`, { scheduledAt: callTimeIn(3), location: 'Room 2, east wing' });
  await alex.api('POST', '/me/boundaries', { productionId: seed.production.id, kind: 'no_contact', area: 'face' }).catch(() =>
    alex.api('POST', '/me/boundaries', { productionId: seed.production.id, kind: 'note', note: 'Ask before any lift.' }),
  );
  return { seed, scenes: { window, hallway, garden, stairs, roof }, checkins: { open, answered }, debrief };
}

/**
 * The screens a role walks, in order: { name, path }. `main` screens are the
 * ones photographed and checked for broken words.
 */
export function screensFor(role, world) {
  const { seed, scenes, checkins, debrief } = world;
  const pid = seed.production.id;
  const base = `/productions/${pid}`;
  const alex = seed.performers[0];
  const common = [
    { name: 'productions', path: '/productions', main: true },
    { name: 'production', path: base, main: true },
  ];
  const tail = [
    { name: 'inbox', path: '/inbox', main: true },
    { name: 'me', path: '/me', main: true },
    { name: 'me-notifications', path: '/me/notifications' },
    { name: 'me-debriefs', path: '/me/debriefs' },
  ];
  if (role === 'performer') {
    return [
      ...common,
      { name: 'scenes', path: `${base}/scenes`, main: true },
      { name: 'scene', path: `${base}/scenes/${scenes.window.id}`, main: true },
      { name: 'scene-no-rider', path: `${base}/scenes/${scenes.hallway.id}` },
      { name: 'rider', path: `${base}/scenes/${scenes.window.id}/rider` },
      { name: 'scene-rider-to-sign', path: `${base}/scenes/${scenes.stairs.id}` },
      { name: 'rider-to-sign', path: `${base}/scenes/${scenes.stairs.id}/rider` },
      { name: 'scene-rider-not-drafted', path: `${base}/scenes/${scenes.roof.id}` },
      { name: 'checkins', path: `${base}/checkins`, main: true },
      { name: 'checkin', path: `${base}/checkins/${checkins.open.id}` },
      { name: 'checkin-answered', path: `${base}/checkins/${checkins.answered.id}` },
      { name: 'debrief', path: `${base}/debriefs/${debrief.id}` },
      { name: 'boundaries', path: `${base}/boundaries`, main: true },
      ...tail,
    ];
  }
  if (role === 'coordinator') {
    return [
      ...common,
      { name: 'members', path: `${base}/members` },
      { name: 'scenes', path: `${base}/scenes`, main: true },
      { name: 'scene', path: `${base}/scenes/${scenes.window.id}`, main: true },
      { name: 'scene-unpublished', path: `${base}/scenes/${scenes.garden.id}` },
      { name: 'scene-edit', path: `${base}/scenes/${scenes.window.id}/edit` },
      { name: 'scene-new', path: `${base}/scenes/new` },
      { name: 'cast', path: `${base}/scenes/${scenes.window.id}/cast` },
      { name: 'choreography', path: `${base}/scenes/${scenes.hallway.id}/choreography` },
      { name: 'rider-editor', path: `${base}/scenes/${scenes.hallway.id}/riders/${alex.id}` },
      { name: 'scene-rider-not-drafted', path: `${base}/scenes/${scenes.roof.id}` },
      { name: 'rider-editor-new', path: `${base}/scenes/${scenes.roof.id}/riders/${alex.id}` },
      { name: 'rider-editor-drafted', path: `${base}/scenes/${scenes.stairs.id}/riders/${alex.id}` },
      { name: 'checkin-new', path: `${base}/scenes/${scenes.window.id}/checkins/new` },
      { name: 'debrief-new', path: `${base}/scenes/${scenes.window.id}/debriefs/new` },
      { name: 'debrief', path: `${base}/debriefs/${debrief.id}` },
      { name: 'board', path: `${base}/board`, main: true },
      { name: 'checkin', path: `${base}/checkins/${checkins.answered.id}` },
      { name: 'coverage', path: `${base}/coverage` },
      { name: 'report', path: `${base}/report` },
      ...tail,
    ];
  }
  return [
    ...common,
    { name: 'members', path: `${base}/members` },
    { name: 'coverage', path: `${base}/coverage`, main: true },
    { name: 'report', path: `${base}/report` },
    { name: 'scenes', path: `${base}/scenes`, main: true },
    { name: 'scene', path: `${base}/scenes/${scenes.window.id}`, main: true },
    { name: 'scene-unpublished', path: `${base}/scenes/${scenes.garden.id}` },
    { name: 'scene-edit', path: `${base}/scenes/${scenes.window.id}/edit` },
    { name: 'cast', path: `${base}/scenes/${scenes.window.id}/cast` },
    { name: 'debrief', path: `${base}/debriefs/${debrief.id}` },
    ...tail,
  ];
}

/** Who walks as a role. */
export function walker(role, world) {
  const { seed } = world;
  return role === 'performer' ? seed.performers[0] : role === 'coordinator' ? seed.coordinator : seed.producer;
}

/**
 * Watches a page: console errors, uncaught exceptions, failed requests and
 * answers with status ≥ 400 (requestfailed does not fire for those). An
 * allow-list entry { method?, path: RegExp, status?, text?: RegExp, reason }
 * lets through what it names; reason is required. Returns { problems,
 * inflight() }: what was found, and how many requests are still open (event
 * streams left out).
 */
export function guard(page, label, allow = []) {
  for (const a of allow) if (!a.reason) throw new Error(`allow-list entry without a reason: ${JSON.stringify(a)}`);
  const problems = [];
  const where = () => {
    try {
      return new URL(page.url()).pathname;
    } catch {
      return '?';
    }
  };
  const allowed = ({ method, url, status, text }) => {
    let pathname = '';
    try {
      pathname = new URL(url).pathname;
    } catch {
      pathname = url ?? '';
    }
    return allow.some(
      (a) =>
        (a.method === undefined || a.method === method) &&
        (a.path === undefined || a.path.test(pathname)) &&
        (a.status === undefined || a.status === status) &&
        (a.text === undefined || (text !== undefined && a.text.test(text))),
    );
  };
  const open = new Set();
  page.on('request', (r) => {
    if (r.resourceType() !== 'eventsource') open.add(r);
  });
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => {
    open.delete(r);
    const failure = r.failure()?.errorText ?? 'failed';
    // An event stream closed by the page itself when it leaves a screen.
    if (r.resourceType() === 'eventsource' && failure === 'net::ERR_ABORTED') return;
    // The browser's own favicon fetch, cut short when the test moves to the next page.
    if (failure === 'net::ERR_ABORTED' && /\/icons\/favicon[^/]*$/.test(new URL(r.url()).pathname)) return;
    if (allowed({ method: r.method(), url: r.url(), text: failure })) return;
    problems.push(`${label} at ${where()}: request failed: ${r.method()} ${r.url()} (${failure})`);
  });
  page.on('response', (res) => {
    const status = res.status();
    if (status < 400) return;
    const req = res.request();
    if (allowed({ method: req.method(), url: res.url(), status })) return;
    problems.push(`${label} at ${where()}: ${req.method()} ${new URL(res.url()).pathname} answered ${status}`);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url ?? '';
    // The browser's own line for a failed load is judged with that request or answer (above).
    if (/^Failed to load resource/.test(msg.text())) return;
    if (allowed({ url, text: msg.text() })) return;
    problems.push(`${label} at ${where()}: console error: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => problems.push(`${label} at ${where()}: uncaught: ${err.message}`));
  return { problems, inflight: () => open.size };
}

/** Opens an in-app path the way a tap on a link does (no reload). */
export async function goInApp(page, path) {
  await page.evaluate((p) => {
    window.history.pushState(null, '', p);
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.scrollTo(0, 0);
  }, path);
}

/**
 * Waits until a screen has settled: a level-1 heading, no skeletons, and no
 * request open for 300 ms. Fails on "Page not found".
 */
export async function quiet(page, watch, name) {
  try {
    await page.locator('main h1').first().waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.querySelectorAll('.skeleton-list, .skeleton').length === 0, null, { timeout: 10_000 });
  } catch (err) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '');
    throw new Error(`${name}: the screen did not settle at ${page.url()}; it says:\n${text}\n${err.message}`);
  }
  const deadline = Date.now() + 10_000;
  let calmSince = Date.now();
  while (Date.now() < deadline) {
    if (watch.inflight() > 0) calmSince = Date.now();
    else if (Date.now() - calmSince >= 300) break;
    await page.waitForTimeout(50);
  }
  const title = await page.locator('main h1').first().innerText();
  if (/^Page not found$/.test(title.trim())) throw new Error(`${name}: "Page not found" at ${page.url()}`);
}
