// The inbox as pages: newest first, "Load more" follows the server's cursor,
// entries are never shown twice, and reading one changes only that entry.
// Pure functions over a plain state, so paging is tested without a server.
import type { Problem, Result } from '../api/problem';
import type { Notification, NotificationPage } from '../api/types';

/** What the inbox shows. */
export interface InboxState {
  items: Notification[];
  /** The cursor of the next page; null when everything is loaded. */
  next: string | null;
}

/** An empty inbox before anything is loaded. */
export const EMPTY_INBOX: InboxState = { items: [], next: null };

const newestFirst = (a: Notification, b: Notification) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.createdAt < b.createdAt ? 1 : -1;

/** The state after the first page. */
export function firstPage(page: NotificationPage): InboxState {
  return { items: dedupe(page.items), next: page.next ?? null };
}

/** Adds the next page below what is shown (skipping entries already shown). */
export function appendPage(state: InboxState, page: NotificationPage): InboxState {
  const seen = new Set(state.items.map((n) => n.id));
  return { items: [...state.items, ...page.items.filter((n) => !seen.has(n.id))], next: page.next ?? null };
}

/**
 * Merges a freshly loaded first page into what is shown (after a push, or
 * when the screen comes back): new entries go on top, known ones take the
 * server's copy, and the pages already loaded below stay with their cursor.
 */
export function mergeFresh(state: InboxState, page: NotificationPage): InboxState {
  if (state.items.length === 0) return firstPage(page);
  const fresh = new Map(page.items.map((n) => [n.id, n]));
  const kept = state.items.map((n) => fresh.get(n.id) ?? n);
  const known = new Set(kept.map((n) => n.id));
  const added = page.items.filter((n) => !known.has(n.id));
  return { items: [...added, ...kept].sort(newestFirst), next: state.next };
}

/** Notifications that only inform: their task is done once they are read (Notification.doneAt). */
export const INFORMATIONAL: ReadonlySet<string> = new Set(['consent.declined', 'consent.withdrawn', 'scene.blocked', 'checkin.alert', 'footage.review']);

/**
 * Marks one entry read at a time (leaves an entry already read as it was); an
 * informational one is done once read, as the server records it.
 */
export function markRead(state: InboxState, id: string, at: string): InboxState {
  return {
    ...state,
    items: state.items.map((n) =>
      n.id === id && !n.readAt ? { ...n, readAt: at, doneAt: n.doneAt ?? (INFORMATIONAL.has(n.type) ? at : null) } : n,
    ),
  };
}

/** The ids of the unread entries shown. */
export function unreadIds(state: InboxState): string[] {
  return state.items.filter((n) => !n.readAt).map((n) => n.id);
}

function dedupe(items: readonly Notification[]): Notification[] {
  const seen = new Set<string>();
  return items.filter((n) => (seen.has(n.id) ? false : (seen.add(n.id), true)));
}

/** Loads one page: the first when cursor is null. */
export type FetchPage = (cursor: string | null) => Promise<Result<NotificationPage>>;

/** Loads the next page into state; the state is unchanged on failure. */
export async function loadMore(state: InboxState, fetchPage: FetchPage): Promise<{ state: InboxState; problem?: Problem }> {
  if (state.next === null) return { state };
  const r = await fetchPage(state.next);
  return r.ok ? { state: appendPage(state, r.data) } : { state, problem: r.problem };
}

/** A count for a badge: "99+" above 99, nothing for zero. */
export function badgeText(count: number | null | undefined): string | null {
  if (!count || count < 1) return null;
  return count > 99 ? '99+' : String(count);
}
