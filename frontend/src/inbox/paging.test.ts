import { describe, expect, it } from 'vitest';
import type { Notification, NotificationPage } from '../api/types';
import type { Result } from '../api/problem';
import { EMPTY_INBOX, appendPage, badgeText, firstPage, loadMore, markRead, mergeFresh, unreadIds, type FetchPage } from './paging';

function note(i: number, read = false): Notification {
  const at = new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString();
  return {
    id: `n${String(i).padStart(3, '0')}`,
    type: 'choreography.published',
    title: 'Night Shoot',
    body: `Scene ${i}: new choreography (version 1). Please review.`,
    url: `/productions/p1/scenes/s${i}`,
    productionId: 'p1',
    sceneId: `s${i}`,
    createdAt: at,
    readAt: read ? at : null,
    doneAt: null,
  };
}

/** A server holding `count` notifications, paging newest first with an opaque cursor, as the API does. */
function server(count: number, pageSize: number) {
  const all = Array.from({ length: count }, (_, i) => note(i)).reverse();
  const calls: (string | null)[] = [];
  const fetchPage: FetchPage = async (cursor): Promise<Result<NotificationPage>> => {
    calls.push(cursor);
    const start = cursor ? all.findIndex((n) => n.id === atob(cursor)) + 1 : 0;
    const items = all.slice(start, start + pageSize);
    const more = start + pageSize < all.length;
    return { ok: true, data: { items, next: more ? btoa(items[items.length - 1]!.id) : null } };
  };
  return { all, calls, fetchPage };
}

describe('inbox paging', () => {
  it('loads page after page with the cursor until next is null, newest first, nothing twice', async () => {
    const s = server(45, 20);
    const first = await s.fetchPage(null);
    let state = firstPage((first as { ok: true; data: NotificationPage }).data);
    expect(state.items).toHaveLength(20);
    expect(state.next).not.toBeNull();
    state = (await loadMore(state, s.fetchPage)).state;
    state = (await loadMore(state, s.fetchPage)).state;
    expect(state.items.map((n) => n.id)).toEqual(s.all.map((n) => n.id));
    expect(state.next).toBeNull();
    expect(s.calls).toEqual([null, btoa('n025'), btoa('n005')]);
    // At the end, "Load more" asks for nothing.
    const again = await loadMore(state, s.fetchPage);
    expect(again.state).toBe(state);
    expect(s.calls).toHaveLength(3);
  });

  it('keeps what is shown when a page fails', async () => {
    const state = firstPage({ items: [note(3), note(2)], next: 'c1' });
    const r = await loadMore(state, async () => ({ ok: false, problem: { status: 0, code: 'network' } }));
    expect(r.state).toBe(state);
    expect(r.problem?.status).toBe(0);
  });

  it('skips entries already shown when pages overlap', () => {
    const state = firstPage({ items: [note(5), note(4)], next: 'c' });
    const next = appendPage(state, { items: [note(4), note(3)], next: null });
    expect(next.items.map((n) => n.id)).toEqual(['n005', 'n004', 'n003']);
  });

  it('puts new arrivals on top and keeps the pages already loaded', () => {
    let state = firstPage({ items: [note(5), note(4)], next: 'c' });
    state = appendPage(state, { items: [note(3), note(2)], next: 'd' });
    state = mergeFresh(state, { items: [note(7), note(6), note(5, true)], next: 'x' });
    expect(state.items.map((n) => n.id)).toEqual(['n007', 'n006', 'n005', 'n004', 'n003', 'n002']);
    expect(state.items[2]!.readAt).not.toBeNull();
    expect(state.next).toBe('d');
    expect(mergeFresh(EMPTY_INBOX, { items: [note(1)], next: null }).items).toHaveLength(1);
  });

  it('marks one entry read and counts the unread ones', () => {
    const state = firstPage({ items: [note(3), note(2, true), note(1)], next: null });
    expect(unreadIds(state)).toEqual(['n003', 'n001']);
    const after = markRead(state, 'n003', '2026-01-02T00:00:00Z');
    expect(unreadIds(after)).toEqual(['n001']);
    expect(after.items[1]).toBe(state.items[1]);
    // Already read: unchanged.
    expect(markRead(after, 'n002', 'later').items[1]!.readAt).toBe(state.items[1]!.readAt);
  });

  it('shows the count on the tab, capped', () => {
    expect(badgeText(null)).toBeNull();
    expect(badgeText(0)).toBeNull();
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
});
