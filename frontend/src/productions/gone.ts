// A production the person can no longer see (rule 13): removed, left, or gone.
// A 404 for a production's own reads means exactly that (api.md: a production
// the caller is not a member of is 404). The app then deletes what it saved of
// the production on this device, takes it off the person's memberships, goes
// back to the productions list and says so calmly there.
import type { Middleware } from 'openapi-fetch';
import { forgetMembership, loadMe, onLostMemberships, sessionState } from '../auth/session';
import { forgetSavedProduction, queuedFor } from '../offline/forget';
import { dropQueued } from '../offline/outbox';
import { forgetProduction } from '../scenes/data';
import { createStore } from '../shared/store';
import { location, navigate } from '../shared/router';

/** What the productions list says once: a production no longer reachable (its title when known). */
export type ProductionNotice = { title: string | null } | null;

/** The notice for the productions list. */
export const productionNotice = createStore<ProductionNotice>(null);

const READS = /^\/api\/v1\/productions\/([^/]+)(?:\/(?:scenes|members|coverage))?$/;

/** The production a GET answered 404 for, when the 404 means "not a member (any more)". */
export function goneProductionOf(method: string, url: string, status: number): string | null {
  if (status !== 404 || method.toUpperCase() !== 'GET') return null;
  let path: string;
  try {
    path = new URL(url, 'http://app.invalid').pathname;
  } catch {
    return null;
  }
  const m = READS.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/** Deletes what this device keeps of a production for a person: saved copies, queued withdrawals, memory, the membership. */
export async function forgetProductionOnDevice(productionId: string, userId: string): Promise<void> {
  const { sceneIds } = await forgetSavedProduction(productionId, userId);
  dropQueued((w) => w.userId === userId && queuedFor(w, productionId, sceneIds));
  forgetProduction(productionId);
  forgetMembership(productionId);
}

const handling = new Set<string>();

/** Whether the app's path is inside the production. */
function inside(path: string, productionId: string): boolean {
  const [first, id] = path.split('/').filter(Boolean);
  if (first !== 'productions' || !id) return false;
  try {
    return decodeURIComponent(id) === productionId;
  } catch {
    return false;
  }
}

/** Forgets a production the person belonged to, says so on the productions list and goes there when inside it. */
async function leaveGone(productionId: string, title: string, userId: string): Promise<void> {
  if (handling.has(productionId)) return;
  handling.add(productionId);
  try {
    await forgetProductionOnDevice(productionId, userId);
    productionNotice.set({ title });
    if (inside(location.get().path, productionId)) navigate('/productions', { replace: true });
  } finally {
    handling.delete(productionId);
  }
}

/** Handles a 404 for a production the person may have belonged to. */
export async function productionGone(productionId: string): Promise<void> {
  const s = sessionState.get();
  if (s.status !== 'signed-in' || handling.has(productionId)) return;
  const membership = s.me.memberships.find((m) => m.productionId === productionId);
  if (!membership) {
    // Never a member as far as this device knows (a mistyped link), or the
    // fresh profile already dropped it (then onLostMemberships handled it):
    // keep the plain "not found" page, and still keep nothing of it.
    await forgetProductionOnDevice(productionId, s.me.id);
    return;
  }
  await leaveGone(productionId, membership.productionTitle, s.me.id);
  void loadMe();
}

// A fresh profile without a membership the device knew: the same as its 404.
onLostMemberships((lost, userId) => {
  for (const m of lost) void leaveGone(m.productionId, m.productionTitle, userId);
});

/** Watches the API's answers for a production that is no longer there for the person. */
export function productionGoneMiddleware(onGone: (productionId: string) => void = (id) => void productionGone(id)): Middleware {
  return {
    onResponse({ request, response }) {
      const id = goneProductionOf(request.method, request.url, response.status);
      if (id) onGone(id);
      return undefined;
    },
  };
}
