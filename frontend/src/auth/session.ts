// The signed-in state of the app: restoring at start (through the refresh
// cookie), signed out, or signed in with the person's profile and memberships.
import { api, session } from '../api/client';
import { call, type Problem, type Result } from '../api/problem';
import type { Me } from '../api/types';
import { createStore } from '../shared/store';

/** Where the session stands. */
export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; expired?: boolean }
  | { status: 'signed-in'; me: Me };

/** The app's session state. */
export const sessionState = createStore<SessionState>({ status: 'restoring' });

session.onSessionLost = () => {
  session.setAccessToken(null);
  if (sessionState.get().status === 'signed-in') sessionState.set({ status: 'signed-out', expired: true });
};

/** Reloads the signed-in person's profile and memberships. */
export async function loadMe(): Promise<Result<Me>> {
  const result = await call(api.GET('/api/v1/me'));
  if (result.ok) sessionState.set({ status: 'signed-in', me: result.data });
  else if (result.problem.status === 401) sessionState.set({ status: 'signed-out' });
  return result;
}

/** Restores the session from the refresh cookie, if there is one ("keeps people signed in"). */
export async function restoreSession(): Promise<void> {
  if (await session.refresh()) {
    const me = await loadMe();
    if (me.ok) return;
  }
  session.setAccessToken(null);
  sessionState.set({ status: 'signed-out' });
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

/** Signs out on the server (revoking the refresh cookie) and forgets the access token. */
export async function signOut(): Promise<void> {
  await call(api.POST('/api/v1/auth/logout'));
  session.setAccessToken(null);
  sessionState.set({ status: 'signed-out' });
}
