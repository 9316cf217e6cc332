// Which production (and so which role, and which tabs) the app is in. Inside a
// production it is the one in the path; elsewhere (Inbox, Me, the performer's
// home across productions) it is the production the person was last in, kept
// on this device so the tab bar keeps its shape on every screen (ui.md).
import type { Me, Role } from '../api/types';

/** The production the navigation follows and the role held there (both null for someone in no production). */
export interface NavContext {
  productionId: string | null;
  role: Role | null;
}

/** The production id in the path, when the person is inside a production. */
export function productionIdOf(path: string): string | null {
  const [first, id] = path.split('/').filter(Boolean);
  if (first !== 'productions' || !id || id === 'new') return null;
  try {
    return decodeURIComponent(id);
  } catch {
    return null;
  }
}

/** Screens that are a performer's across every production: the "Needs you" home and the check-ins. */
export function isPerformerHome(path: string): boolean {
  return path === '/' || path === '/checkins';
}

/** Whether the person is a performer in at least one production. */
export function isPerformerAnywhere(me: Pick<Me, 'memberships'>): boolean {
  return me.memberships.some((m) => m.role === 'performer');
}

/**
 * The production and role the navigation follows on path: the production in
 * the path when the person is its member; on the performer's home, a
 * production where they perform (the remembered one when it is such); else the
 * remembered production while they are still its member; else a production
 * where they perform; else their first production.
 */
export function navContext(me: Pick<Me, 'memberships'>, path: string, remembered: string | null): NavContext {
  const find = (id: string | null) => (id ? (me.memberships.find((m) => m.productionId === id) ?? null) : null);
  const here = find(productionIdOf(path));
  if (here) return { productionId: here.productionId, role: here.role };
  const kept = find(remembered);
  const performing = me.memberships.find((m) => m.role === 'performer') ?? null;
  if (isPerformerHome(path) && performing) {
    const m = kept?.role === 'performer' ? kept : performing;
    return { productionId: m.productionId, role: 'performer' };
  }
  const m = kept ?? performing ?? me.memberships[0] ?? null;
  return m ? { productionId: m.productionId, role: m.role } : { productionId: null, role: null };
}

/** The first tab of a role in a production: where the switcher and the start lead. */
export function productionStart(productionId: string, role: Role): string {
  const id = encodeURIComponent(productionId);
  return role === 'producer' ? `/productions/${id}/coverage` : `/productions/${id}/scenes`;
}

const KEY = 'closedset.lastProduction.v1';

/** The production this person was last in on this device, or null. */
export function rememberedProduction(userId: string): string | null {
  try {
    const raw = localStorage.getItem(KEY);
    const v: unknown = raw ? JSON.parse(raw) : null;
    if (v && typeof v === 'object') {
      const { user, production } = v as { user?: unknown; production?: unknown };
      if (user === userId && typeof production === 'string') return production;
    }
  } catch {
    // Unreadable or no storage: nothing remembered.
  }
  return null;
}

/** Remembers the production this person is in (an id only, no content). */
export function rememberProduction(userId: string, productionId: string | null): void {
  try {
    if (productionId === null) localStorage.removeItem(KEY);
    else if (rememberedProduction(userId) !== productionId) localStorage.setItem(KEY, JSON.stringify({ user: userId, production: productionId }));
  } catch {
    // Without storage the tabs follow the first production.
  }
}
