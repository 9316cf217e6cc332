// The signed-in state of the app: restoring at start (through the refresh
// cookie), signed out, or signed in with the person's profile and memberships.
import { api, session } from '../api/client';
import { call, type Problem, type Result } from '../api/problem';
import type { Me } from '../api/types';
import { createStore } from '../shared/store';
import { reloadKept } from '../shared/useLoad';
import { clearSavedData } from '../offline/status';
import { forgetProductions } from '../scenes/data';
import { forgetPushLocally, forgetPushOnSignOut } from '../push/device';
import { dropQueued } from '../offline/outbox';

/**
 * Where the session stands. "restoring" is shown only to someone this device
 * does not remember (unreachable: the server could not be asked yet; the app
 * keeps trying). "offline" marks someone signed in from this device's memory
 * whose session the server has not confirmed yet — while the app opens (saved
 * data first, the refresh in the background), or while the server cannot be
 * reached or answers with trouble (5xx, 429): saved data is shown and the
 * session is confirmed later. Only a refresh the server refuses (401) signs
 * the person out.
 */
export type SessionState =
  | { status: 'restoring'; unreachable?: boolean }
  | { status: 'signed-out'; expired?: boolean; deleted?: boolean }
  | { status: 'signed-in'; me: Me; offline?: boolean };

const LAST_ME = 'closedset.lastMe.v1';
/**
 * A non-secret marker that someone signed in on this device: set when a
 * sign-in or a refresh succeeds, removed on sign-out, on a refused refresh
 * (401) and on account deletion. Without it (nor a remembered profile) the
 * app opens signed out without asking the server (no 401 refresh).
 */
export const SIGNED_IN = 'closedset.signedIn';

function markSignedIn(on: boolean): void {
  try {
    if (on) localStorage.setItem(SIGNED_IN, '1');
    else localStorage.removeItem(SIGNED_IN);
  } catch {
    // Without storage the app asks the server every time.
  }
}

/** Whether this device may hold a session: the marker, a remembered profile, or no storage to tell. */
export function maybeSignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN) === '1' || localStorage.getItem(LAST_ME) !== null;
  } catch {
    return true;
  }
}

function remember(me: Me | null): void {
  try {
    if (me) localStorage.setItem(LAST_ME, JSON.stringify(me));
    else localStorage.removeItem(LAST_ME);
  } catch {
    // Without storage the app simply cannot open offline.
  }
}

/** The person last signed in on this device, as saved, or null. */
export function remembered(): Me | null {
  try {
    const raw = localStorage.getItem(LAST_ME);
    const me: unknown = raw ? JSON.parse(raw) : null;
    if (me && typeof me === 'object' && typeof (me as Me).id === 'string' && Array.isArray((me as Me).memberships)) return me as Me;
  } catch {
    // Unreadable: treat as not remembered.
  }
  return null;
}

/** The app's session state. */
export const sessionState = createStore<SessionState>({ status: 'restoring' });

/** Whether the session was not confirmed at some point since the last confirmation (screens reload what they kept). */
let hadTrouble = false;
let resumeTimer: ReturnType<typeof setTimeout> | undefined;
let resumeAttempt = 0;
let confirming: Promise<void> | null = null;


/** Ends the session on this device because the server refused it (a refresh answered 401). */
function endSession(): void {
  session.setAccessToken(null);
  remember(null);
  markSignedIn(false);
  stopResuming();
  const s = sessionState.get();
  sessionState.set({ status: 'signed-out', expired: s.status === 'signed-in' });
}

session.onSessionLost = endSession;

// A refresh that could not be done just now (no answer, 5xx, 429…) keeps the
// person signed in from this device and tries again later.
session.onRefreshUnavailable = () => {
  hadTrouble = true;
  const s = sessionState.get();
  if (s.status === 'signed-in' && !s.offline) sessionState.set({ ...s, offline: true });
  scheduleResume();
};

/** Reloads the signed-in person's profile and memberships. */
type Membership = Me['memberships'][number];
let lostListener: (lost: Membership[], userId: string) => void = () => {};

/** Called with the memberships a fresh profile no longer has (removed, left, gone: rule 13). */
export function onLostMemberships(fn: (lost: Membership[], userId: string) => void): void {
  lostListener = fn;
}

/** Signs in with the person as the server answered: saved on this device, and memberships lost since told. */
function applyMe(me: Me): void {
  const before = sessionState.get();
  if (before.status === 'signed-in' && before.me.id === me.id) {
    const now = new Set(me.memberships.map((m) => m.productionId));
    const lost = before.me.memberships.filter((m) => !now.has(m.productionId));
    if (lost.length > 0) lostListener(lost, me.id);
  }
  remember(me);
  sessionState.set({ status: 'signed-in', me });
}

export async function loadMe(): Promise<Result<Me>> {
  const result = await call(api.GET('/api/v1/me'));
  if (result.ok) {
    applyMe(result.data);
  } else if (result.problem.status === 401 && session.lastRefresh === 'refused') {
    endSession();
  }
  return result;
}

function stopResuming(): void {
  if (resumeTimer !== undefined) clearTimeout(resumeTimer);
  resumeTimer = undefined;
  resumeAttempt = 0;
}

/** Tries to confirm the session again after 1, 2, 4, 8, 16 s, then every 30 s (and at once when the device is back online). */
function scheduleResume(): void {
  if (resumeTimer !== undefined) return;
  const delay = Math.min(30, 2 ** resumeAttempt++) * 1000;
  resumeTimer = setTimeout(() => {
    resumeTimer = undefined;
    void confirmSession();
  }, delay);
}

/** Marks the person signed in without a confirmed session (the server could not be asked, or had trouble). */
function notConfirmed(): void {
  hadTrouble = true;
  const s = sessionState.get();
  if (s.status === 'signed-in') {
    if (!s.offline) sessionState.set({ ...s, offline: true });
  } else if (s.status === 'restoring') {
    if (!s.unreachable) sessionState.set({ status: 'restoring', unreachable: true });
  }
  scheduleResume();
}

/**
 * Asks the server for the session (the refresh cookie) and the person's
 * profile. A refusal (401) signs out; anything else keeps what is shown and
 * tries again later. One at a time.
 */
export function confirmSession(): Promise<void> {
  confirming ??= (async () => {
    if (!maybeSignedIn()) {
      stopResuming();
      sessionState.set({ status: 'signed-out' });
      return;
    }
    if (await session.refresh()) {
      markSignedIn(true);
      // The refresh answers who is signed in; GET /me only when it did not.
      const refreshed = session.takeRefreshedMe();
      if (refreshed) applyMe(refreshed);
      const me = refreshed ? { ok: true as const } : await loadMe();
      if (me.ok) {
        stopResuming();
        if (hadTrouble) {
          hadTrouble = false;
          // Screens that kept saved data meanwhile load it fresh now.
          reloadKept.set(reloadKept.get() + 1);
        }
        return;
      }
      if (sessionState.get().status === 'signed-out') return;
      notConfirmed();
      return;
    }
    if (session.lastRefresh === 'refused') {
      endSession();
      return;
    }
    notConfirmed();
  })().finally(() => {
    confirming = null;
  });
  return confirming;
}

/**
 * Opens the app. Saved first, network second: someone this device remembers
 * is signed in at once from what was saved here, so their screens show their
 * saved data straight away, and the session is confirmed in the background.
 * Someone it does not remember waits for the server (there is nothing saved
 * to show them).
 */
export async function restoreSession(): Promise<void> {
  const me = remembered();
  if (me) sessionState.set({ status: 'signed-in', me, offline: true });
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      const s = sessionState.get();
      if ((s.status === 'signed-in' && s.offline) || s.status === 'restoring') {
        stopResuming();
        void confirmSession();
      }
    });
  }
  await confirmSession();
}

/** Back online after the session could not be confirmed: confirm it now (or end it if the server refuses). */
export async function resumeOnline(): Promise<void> {
  const s = sessionState.get();
  if (s.status !== 'signed-in' || !s.offline) return;
  await confirmSession();
}

async function begin(
  request: Promise<{ data?: { accessToken: string }; error?: unknown; response: Response }>,
): Promise<Problem | null> {
  const result = await call(request);
  if (!result.ok) return result.problem;
  session.setAccessToken(result.data.accessToken);
  session.lastRefresh = 'ok';
  markSignedIn(true);
  stopResuming();
  hadTrouble = false;
  const me = await loadMe();
  return me.ok ? null : me.problem;
}

/** Signs in; resolves to null on success or the problem to show. */
export function signIn(body: { email: string; password: string }): Promise<Problem | null> {
  return begin(api.POST('/api/v1/auth/login', { body }));
}

/** Creates an account and signs in; resolves to null on success or the problem to show. */
export function signUp(body: {
  email: string;
  password: string;
  displayName: string;
  pronouns?: string;
}): Promise<Problem | null> {
  return begin(api.POST('/api/v1/auth/register', { body }));
}

/**
 * Signs out on the server (revoking the refresh cookie), forgets the access
 * token and deletes the data saved for offline use (the next person to sign
 * in on this device must not see it). Push notifications stop on this device
 * first (they are the person's own; whoever signs in next turns them on for
 * themself). Queued withdrawals stay: they are the person's own and are sent
 * when they next sign in.
 */
export async function signOut(): Promise<void> {
  await forgetPushOnSignOut();
  await call(api.POST('/api/v1/auth/logout'));
  session.setAccessToken(null);
  remember(null);
  markSignedIn(false);
  stopResuming();
  forgetProductions();
  await clearSavedData();
  sessionState.set({ status: 'signed-out' });
}

/**
 * Takes a production off the signed-in person's memberships on this device at
 * once (they left it, were removed, or it is gone); /me confirms it later.
 */
export function forgetMembership(productionId: string): void {
  const s = sessionState.get();
  if (s.status !== 'signed-in' || !s.me.memberships.some((m) => m.productionId === productionId)) return;
  const me: Me = { ...s.me, memberships: s.me.memberships.filter((m) => m.productionId !== productionId) };
  remember(me);
  sessionState.set({ ...s, me });
}

/**
 * After the account was deleted on the server: everything this device kept
 * for the person goes (saved copies, queued withdrawals, the remembered
 * profile, this device's push subscription), and nobody is signed in. The
 * server has already ended every session, so nothing more is asked of it.
 */
export async function endDeletedAccount(): Promise<void> {
  const s = sessionState.get();
  const id = s.status === 'signed-in' ? s.me.id : null;
  await forgetPushLocally();
  session.setAccessToken(null);
  remember(null);
  markSignedIn(false);
  stopResuming();
  forgetProductions();
  await clearSavedData();
  if (id) dropQueued((w) => w.userId === id);
  sessionState.set({ status: 'signed-out', deleted: true });
}

/**
 * After this account's password was changed through a reset link: the server
 * has ended every session, this device's too. The device forgets the session
 * and what it saved, as on signing out (queued withdrawals stay, to be sent
 * at the next sign-in), and nobody is signed in. Nothing more is asked of the
 * server.
 */
export async function endSessionAfterReset(): Promise<void> {
  const wasSignedIn = sessionState.get().status === 'signed-in';
  session.setAccessToken(null);
  remember(null);
  stopResuming();
  if (wasSignedIn) {
    forgetProductions();
    await clearSavedData();
  }
  sessionState.set({ status: 'signed-out' });
}
