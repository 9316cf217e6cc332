// Test data through the API (node's fetch), so browser tests click only
// through the flows they test: people, a production with members, scenes,
// cast, riders and published choreography.
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';

export const PASSWORD = 'a long enough password';

let counter = 0;
/** A unique e-mail address for one test run. */
export function uniqueEmail(name) {
  counter += 1;
  return `${name}.${Date.now().toString(36)}${counter}@example.com`;
}

/** Calls the API as someone (token may be null); throws on an unexpected status. */
export async function callApi(base, token, method, path, body, { expect, headers = {} } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  const ok = expect === undefined ? res.ok : res.status === expect;
  if (!ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return data;
}

/** A person: their e-mail, id, token and an `api(method, path, body, opts)` bound to their token. */
async function person(base, name) {
  const email = uniqueEmail(name.split(' ')[0].toLowerCase());
  const r = await callApi(base, null, 'POST', '/auth/register', { email, password: PASSWORD, displayName: name });
  const token = r.accessToken;
  return { email, name, id: r.user.id, token, api: (m, p, b, o) => callApi(base, token, m, p, b, o) };
}

/**
 * A production (Europe/London) with a producer, a coordinator and `performers`
 * performers, each invited by the producer and accepted.
 */
export async function seedProduction(base, { title = 'Night Shoot', performers = ['Alex Performer', 'Sam Performer'] } = {}) {
  const producer = await person(base, 'Priya Producer');
  const production = await producer.api('POST', '/productions', { title, kind: 'series', timezone: 'Europe/London' });
  const join = async (name, role) => {
    const p = await person(base, name);
    const invite = await producer.api('POST', `/productions/${production.id}/invites`, { email: p.email, role });
    await p.api('POST', `/invites/${invite.token}/accept`);
    return p;
  };
  const coordinator = await join('Casey Coordinator', 'coordinator');
  const cast = [];
  for (const name of performers) cast.push(await join(name, 'performer'));
  return { production, producer, coordinator, performers: cast };
}

/** An ISO call time days from now, on the hour. */
export function callTimeIn(days) {
  const d = new Date(Date.now() + days * 86400_000);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

/** Two plain steps with the first two cast members (one performer alone when a scene has one). */
export function basicSteps(a, b) {
  if (a.id === b.id) {
    return [
      { title: 'Approach', description: 'Walks to the window mark.', durationSec: 20, performers: [{ userId: a.id, nudity: 'none' }], contacts: [] },
      { title: 'Pause', description: 'Stands still at the window.', durationSec: 10, performers: [{ userId: a.id, nudity: 'none' }], contacts: [] },
    ];
  }
  return [
    {
      title: 'Approach',
      description: 'Both walk to the window mark.',
      durationSec: 20,
      performers: [
        { userId: a.id, nudity: 'none' },
        { userId: b.id, nudity: 'none' },
      ],
      contacts: [],
    },
    {
      title: 'Embrace',
      description: 'A standing embrace, hands on the upper back.',
      durationSec: 10,
      performers: [
        { userId: a.id, nudity: 'none' },
        { userId: b.id, nudity: 'none' },
      ],
      contacts: [{ fromUserId: b.id, toUserId: a.id, area: 'back' }],
    },
  ];
}

/**
 * A scene with the given cast (default: every performer), coordinated by the
 * coordinator (coordinated: false leaves it without one), with version 1
 * published (when there are at least one cast member and publish is true).
 */
export async function seedScene(
  seed,
  { number, title, tags = ['kissing', 'touching'], days = 5, publish = true, rider = false, cast, coordinated = true, roster = ['Director', 'Camera operator'] },
) {
  const { coordinator, production } = seed;
  const performers = cast ?? seed.performers;
  const scene = await coordinator.api('POST', `/productions/${production.id}/scenes`, {
    number,
    title,
    callTime: callTimeIn(days),
    location: 'Stage 2',
    contentTags: tags,
    ...(coordinated ? { coordinatorId: coordinator.id } : {}),
    closedSet: { roster },
  });
  const characters = ['Mara', 'Jonah', 'Ines'];
  for (const [i, p] of performers.entries()) {
    await coordinator.api('PUT', `/scenes/${scene.id}/cast/${p.id}`, { characterName: characters[i] ?? `Role ${i}`, stillsAllowed: true });
  }
  if (rider) {
    for (const p of performers) {
      await coordinator.api('PUT', `/scenes/${scene.id}/riders/${p.id}`, {
        nudity: 'none',
        visibleAreas: ['back', 'hands', 'shoulders'],
        acts: tags,
        stillsAllowed: true,
        doubleAllowed: false,
        footageLimits: 'No use outside the episode and its trailer.',
      });
    }
  }
  let choreography = null;
  if (publish && performers.length) {
    choreography = await coordinator.api('POST', `/scenes/${scene.id}/choreography`, {
      summary: 'First plan',
      steps: basicSteps(performers[0], performers[1] ?? performers[0]),
    });
    assert.equal(choreography.version, 1);
  }
  return { ...scene, choreography };
}

/** Signs someone in inside a browser page (the refresh cookie and the signed-in marker are set), then opens path. */
export async function signInPage(page, base, who, path) {
  await page.goto(`${base}/signin`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.evaluate(
    async ({ email, password }) => {
      const r = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
        credentials: 'same-origin',
      });
      if (!r.ok) throw new Error(`sign-in answered ${r.status}`);
      await r.text(); // read to the end: leaving the page next must not cut it off (a failed request)
      // What the app's own sign-in leaves: the marker that there is a session to restore.
      localStorage.setItem('closedset.signedIn', '1');
    },
    { email: who.email, password: PASSWORD },
  );
  await page.goto(`${base}${path}`);
}

/**
 * A fake push subscription for a browser page: endpoint on the local receiver
 * and real P-256 / auth keys, so the server accepts it and can encrypt to it.
 */
export function fakeSubscription(receiverBase, name) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: `${receiverBase}/push/${name}-${randomBytes(6).toString('hex')}`,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

/**
 * Replaces PushManager's subscribe/getSubscription in the page (headless
 * Chromium has no push service): subscribe hands out `sub`, kept in
 * localStorage so it survives reloads; unsubscribe forgets it. Pass to
 * context.addInitScript.
 */
export function stubPushManager(sub) {
  const KEY = 'e2e.fakePushSubscription';
  const make = () => {
    const json = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (!json) return null;
    const b64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')), (c) => c.charCodeAt(0)).buffer;
    return {
      endpoint: json.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: json.serverKey ? b64(json.serverKey) : null },
      getKey: (name) => b64(name === 'auth' ? json.keys.auth : json.keys.p256dh),
      toJSON: () => ({ endpoint: json.endpoint, expirationTime: null, keys: { ...json.keys } }),
      unsubscribe: async () => {
        localStorage.removeItem(KEY);
        return true;
      },
    };
  };
  PushManager.prototype.getSubscription = async function getSubscription() {
    return make();
  };
  PushManager.prototype.subscribe = async function subscribe(options) {
    const key = options?.applicationServerKey;
    const bytes = key instanceof ArrayBuffer ? new Uint8Array(key) : key ? new Uint8Array(key.buffer, key.byteOffset, key.byteLength) : null;
    const serverKey = bytes ? btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : null;
    localStorage.setItem(KEY, JSON.stringify({ ...sub, serverKey }));
    window.__e2ePushSubscribed = (window.__e2ePushSubscribed ?? 0) + 1;
    return make();
  };
}
