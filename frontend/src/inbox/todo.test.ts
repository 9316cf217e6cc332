import { describe, expect, it } from 'vitest';
import type { Notification } from '../api/types';
import { collapse, rowCount, toTodo } from './todo';
import { EMPTY_INBOX, firstPage, markRead } from './paging';

let seq = 0;
function n(p: Partial<Notification> & { minute: number }): Notification {
  seq += 1;
  const { minute, ...rest } = p;
  return {
    id: `n${String(seq).padStart(3, '0')}`,
    type: 'checkin.requested',
    title: 'Night Shoot',
    body: 'Scene 1: check-in. Tap to answer.',
    url: '/productions/p1/checkins/c1',
    productionId: 'p1',
    sceneId: 's1',
    createdAt: new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString(),
    readAt: null,
    doneAt: null,
    ...rest,
  };
}

const version = (v: number, minute: number, done: boolean, sceneId = 's12') =>
  n({
    minute,
    type: 'choreography.published',
    sceneId,
    body: `Scene 12: new choreography (version ${v}). Please review.`,
    doneAt: done ? new Date(Date.UTC(2026, 11, 1, 10, 0)).toISOString() : null,
  });

describe('inbox as to-do', () => {
  it('collapses the versions of one scene into a row led by the newest, earlier ones newest first', () => {
    const v1 = version(1, 1, true);
    const v2 = version(2, 2, true);
    const v3 = version(3, 3, false);
    const other = version(1, 4, false, 's13');
    const rows = collapse([v1, v3, other, v2]);
    expect(rows.map((r) => r.lead.id)).toEqual([other.id, v3.id]);
    expect(rows[1]!.earlier.map((x) => x.id)).toEqual([v2.id, v1.id]);
    expect(rows[0]!.earlier).toEqual([]);
  });

  it('never collapses other kinds, even on the same scene', () => {
    const a = n({ minute: 1 });
    const b = n({ minute: 2 });
    expect(collapse([a, b]).map((r) => r.lead.id)).toEqual([b.id, a.id]);
  });

  it('puts what needs the person first and what is done below', () => {
    const answered = n({ minute: 5, doneAt: '2026-12-01T09:06:00Z', readAt: '2026-12-01T09:06:00Z' });
    const open = n({ minute: 3 });
    const v1 = version(1, 1, true);
    const v2 = version(2, 2, false);
    const todo = toTodo([answered, open, v1, v2]);
    expect(todo.needs.flatMap((g) => g.rows.map((r) => r.lead.id))).toEqual([open.id, v2.id]);
    expect(todo.done.flatMap((g) => g.rows.map((r) => r.lead.id))).toEqual([answered.id]);
    expect(rowCount(todo.needs)).toBe(2);
  });

  it('names the production once: in the header for one production, per group when they span productions', () => {
    const one = toTodo([n({ minute: 1 }), n({ minute: 2 })]);
    expect(one.spans).toBe(false);
    expect(one.only).toBe('Night Shoot');
    expect(one.needs).toHaveLength(1);

    const other = n({ minute: 3, productionId: 'p2', title: 'Day Shoot' });
    const two = toTodo([n({ minute: 1 }), other, n({ minute: 2 })]);
    expect(two.spans).toBe(true);
    expect(two.only).toBeNull();
    expect(two.needs.map((g) => [g.title, g.rows.length])).toEqual([
      ['Day Shoot', 1],
      ['Night Shoot', 2],
    ]);
    expect(toTodo([]).only).toBeNull();
  });

  it('counts an informational notification done once read, a task only when done', () => {
    const alert = n({ minute: 1, type: 'consent.withdrawn', body: 'Scene 1: a performer withdrew consent.' });
    const task = n({ minute: 2 });
    let state = firstPage({ items: [task, alert], next: null });
    state = markRead(markRead(state, alert.id, '2026-12-01T11:00:00Z'), task.id, '2026-12-01T11:00:00Z');
    const todo = toTodo(state.items);
    expect(todo.needs.flatMap((g) => g.rows.map((r) => r.lead.id))).toEqual([task.id]);
    expect(todo.done.flatMap((g) => g.rows.map((r) => r.lead.id))).toEqual([alert.id]);
    expect(EMPTY_INBOX.items).toEqual([]);
  });
});
