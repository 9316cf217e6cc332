import { describe, expect, it } from 'vitest';
import { ROLE_TABS, tabsFor } from './nav';
import { resolveTheme } from './theme';
import { productionIdOf } from '../app';

describe('navigation', () => {
  it('always offers Productions, Inbox and Me, in that order', () => {
    expect(tabsFor(null).map((t) => t.id)).toEqual(['productions', 'inbox', 'me']);
  });

  it('puts the role tabs of ui.md between Productions and Inbox, inside a production', () => {
    const ids = (role: Parameters<typeof tabsFor>[0]) => tabsFor(role, 'p1').map((t) => t.id);
    expect(ids('performer')).toEqual(['productions', 'scenes', 'checkins', 'inbox', 'me']);
    expect(ids('coordinator')).toEqual(['productions', 'scenes', 'board', 'inbox', 'me']);
    expect(ids('producer')).toEqual(['productions', 'coverage', 'scenes', 'inbox', 'me']);
    expect(tabsFor('performer', null).map((t) => t.id)).toEqual(['productions', 'inbox', 'me']);
    expect(ROLE_TABS.performer.map((t) => t.id)).toEqual(['scenes', 'checkins']);
  });

  it('links role tabs into the current production and marks exactly one tab current', () => {
    const tabs = tabsFor('performer', 'p 1');
    expect(tabs.find((t) => t.id === 'scenes')!.href).toBe('/productions/p%201/scenes');
    const current = (path: string) => tabsFor('performer', 'p1').filter((t) => t.matches(path)).map((t) => t.id);
    expect(current('/productions/p1')).toEqual(['productions']);
    expect(current('/productions/p1/scenes')).toEqual(['scenes']);
    expect(current('/productions/p1/scenes/s1/rider')).toEqual(['scenes']);
    expect(current('/productions/p1/checkins')).toEqual(['checkins']);
    expect(current('/productions/p1/boundaries')).toEqual(['me']);
  });

  it('keeps check-ins, debriefs and the notification settings under their tabs', () => {
    const current = (role: Parameters<typeof tabsFor>[0], path: string) =>
      tabsFor(role, 'p1').filter((t) => t.matches(path)).map((t) => t.id);
    expect(current('performer', '/productions/p1/checkins/c1')).toEqual(['checkins']);
    expect(current('coordinator', '/productions/p1/checkins/c1')).toEqual(['board']);
    expect(current('coordinator', '/productions/p1/board')).toEqual(['board']);
    expect(current('coordinator', '/productions/p1/debriefs/d1')).toEqual(['scenes']);
    expect(current('performer', '/productions/p1/debriefs/d1')).toEqual(['scenes']);
    expect(current('performer', '/productions/p1/scenes/s1/checkins/new')).toEqual(['scenes']);
    expect(current(null, '/me/notifications')).toEqual(['me']);
    expect(current(null, '/me/debriefs')).toEqual(['me']);
    expect(current(null, '/inbox')).toEqual(['inbox']);
  });

  it('keeps the coverage dashboard and the daily report under Coverage (producers) or the Board (coordinators)', () => {
    const current = (role: Parameters<typeof tabsFor>[0], path: string) =>
      tabsFor(role, 'p1').filter((t) => t.matches(path)).map((t) => t.id);
    expect(current('producer', '/productions/p1/coverage')).toEqual(['coverage']);
    expect(current('producer', '/productions/p1/report')).toEqual(['coverage']);
    expect(current('coordinator', '/productions/p1/coverage')).toEqual(['board']);
    expect(current('coordinator', '/productions/p1/report')).toEqual(['board']);
    expect(current('producer', '/productions/p1/reporting')).toEqual([]);
  });

  it('marks the current tab from the path', () => {
    const [productions, inbox, me] = tabsFor(null);
    expect(productions!.matches('/productions/p1')).toBe(true);
    expect(productions!.matches('/invite/tok')).toBe(true);
    expect(inbox!.matches('/inbox')).toBe(true);
    expect(me!.matches('/productions')).toBe(false);
  });

  it('knows when the person is inside a production', () => {
    expect(productionIdOf('/productions/p1')).toBe('p1');
    expect(productionIdOf('/productions/p1/scenes/s1')).toBe('p1');
    expect(productionIdOf('/productions/new')).toBeNull();
    expect(productionIdOf('/productions')).toBeNull();
    expect(productionIdOf('/me')).toBeNull();
  });
});

describe('theme', () => {
  it('is dark or light as chosen, and follows the device for "system"', () => {
    expect(resolveTheme('dark', true)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
    expect(resolveTheme('system', true)).toBe('light');
    expect(resolveTheme('system', false)).toBe('dark');
  });
});
