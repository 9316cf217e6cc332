import { describe, expect, it } from 'vitest';
import { ROLE_TABS, tabsFor } from './nav';
import { resolveTheme } from './theme';
import { productionIdOf } from '../app';

describe('navigation', () => {
  it('always offers Productions, Inbox and Me, in that order', () => {
    expect(tabsFor(null).map((t) => t.id)).toEqual(['productions', 'inbox', 'me']);
  });

  it('puts role tabs between Productions and Inbox', () => {
    const scenes = { ...tabsFor(null)[0]!, id: 'scenes', href: '/scenes' };
    ROLE_TABS.performer.push(scenes);
    try {
      expect(tabsFor('performer').map((t) => t.id)).toEqual(['productions', 'scenes', 'inbox', 'me']);
      expect(tabsFor('producer').map((t) => t.id)).toEqual(['productions', 'inbox', 'me']);
    } finally {
      ROLE_TABS.performer.pop();
    }
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
