// The signed-in state of the app: restoring at start (through the refresh
// cookie), signed out, or signed in with the person's profile and memberships.
import { api, session } from '../api/client';
import { call, type Problem, type Result } from '../api/problem';
import type { Me } from '../api/types';
import { createStore } from '../shared/store';
import { clearSavedData } from '../offline/status';
import { forgetProductions } from '../scenes/data';
import { forgetPushOnSignOut } from '../push/device';

/**
 * Where the session stands. "offline" marks someone signed in from this
 * device's memory because the server could not be reached at start: saved
 * data is shown, and the session is restored when the device is back online.
 */
export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; expired?: boolean }
  | { status: 'signed-in'; me: Me; offline?: boolean };

const LAST_ME = 'closedset.lastMe.v1';

function remember(me: Me | null): void {
  try {
    if (me) localStorage.setItem(LAST_ME, JSON.stringify(me));
    else localStorage.removeItem(LAST_ME);
  } catch {
    // Without storage the app simply cannot open offline.
  }
}

function remembered(): Me | null {
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

session.onSessionLost = () => {
  session.setAccessToken(null);
  if (!session.lastRefreshUnreachable) remember(null);
  if (sessionState.get().status === 'signed-in') sessionState.set({ status: 'signed-out', expired: true });
};

/** Reloads the signed-in person's profile and memberships. */
export async function loadMe(): Promise<Result<Me>> {
  const result = await call(api.GET('/api/v1/me'));
  if (result.ok) {
    remember(result.data);
    sessionState.set({ status: 'signed-in', me: result.data });
  } else if (result.problem.status === 401) {
    remember(null);
    sessionState.set({ status: 'signed-out' });
  }
  return result;
}

/** Opens the app for the last person signed in on this device when the server cannot be reached. */
function openOffline(): boolean {
  const me = remembered();
  if (!me) return false;
  sessionState.set({ status: 'signed-in', me, offline: true });
  return true;
}

/** Restores the session from the refresh cookie, if there is one ("keeps people signed in"). */
export async function restoreSession(): Promise<void> {
  if (await session.refresh()) {
    const me = await loadMe();
    if (me.ok) return;
    if (me.problem.status === 0 && openOffline()) return;
  } else if (session.lastRefreshUnreachable && openOffline()) {
    return;
  }
  session.setAccessToken(null);
  remember(null);
  sessionState.set({ status: 'signed-out' });
}

/** Back online after opening offline: restore the real session (or end it if the server refuses). */
export async function resumeOnline(): Promise<void> {
  const s = sessionState.get();
  if (s.status !== 'signed-in' || !s.offline) return;
  if (await session.refresh()) {
    await loadMe();
  } else if (!session.lastRefreshUnreachable) {
    remember(null);
    sessionState.set({ status: 'signed-out', expired: true });
  }
}

async function begin(
  request: Promise<{ data?: { accessToken: string }; error?: unknown; response: Response }>,
): Promise<Problem | null> {
  const result = await call(request);
  if (!result.ok) return result.problem;
  session.setAccessToken(result.data.accessToken);
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
  forgetProductions();
  await clearSavedData();
  sessionState.set({ status: 'signed-out' });
}
