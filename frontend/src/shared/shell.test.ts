import { describe, expect, it } from 'vitest';
import { ROLE_TABS, currentTab, switchTarget, tabsFor } from './nav';
import { resolveTheme } from './theme';
import { isPerformerHome, navContext, productionIdOf, productionStart, rememberProduction, rememberedProduction } from './context';
import { parentOf } from './back';

describe('navigation', () => {
  const ids = (role: Parameters<typeof tabsFor>[0], pid: string | null = 'p1') => tabsFor(role, pid).map((t) => t.id);

  it('gives each role the tabs of ui.md, with no Productions tab', () => {
    expect(ids('performer')).toEqual(['scenes', 'checkins', 'inbox', 'me']);
    expect(ids('coordinator')).toEqual(['scenes', 'board', 'inbox', 'me']);
    expect(ids('producer')).toEqual(['coverage', 'scenes', 'inbox', 'me']);
    expect(ids(null, null)).toEqual(['start', 'inbox', 'me']);
    for (const role of ['performer', 'coordinator', 'producer'] as const) {
      expect(ROLE_TABS[role].map((t) => t.id)).not.toContain('productions');
    }
  });

  it("keeps a performer's tabs across productions: Scenes is the home, Check-ins the list across productions", () => {
    const tabs = tabsFor('performer', 'p 1');
    expect(tabs.find((t) => t.id === 'scenes')!.href).toBe('/');
    expect(tabs.find((t) => t.id === 'checkins')!.href).toBe('/checkins');
    expect(ids('performer', null)).toEqual(['scenes', 'checkins', 'inbox', 'me']);
  });

  it('links staff tabs into the production the navigation follows', () => {
    expect(tabsFor('coordinator', 'p 1').find((t) => t.id === 'scenes')!.href).toBe('/productions/p%201/scenes');
    expect(tabsFor('producer', 'p1').find((t) => t.id === 'coverage')!.href).toBe('/productions/p1/coverage');
  });

  it('marks exactly the right tab current on every screen', () => {
    const current = (role: Parameters<typeof tabsFor>[0], path: string) => currentTab(tabsFor(role, 'p1'), path);
    expect(current('performer', '/')).toBe('scenes');
    expect(current('performer', '/productions/p1/scenes/s1')).toBe('scenes');
    expect(current('performer', '/productions/p1/scenes/s1/rider')).toBe('scenes');
    expect(current('performer', '/checkins')).toBe('checkins');
    expect(current('performer', '/productions/p1/checkins/c1')).toBe('checkins');
    expect(current('performer', '/productions/p1/debriefs/d1')).toBe('scenes');
    expect(current('performer', '/productions/p1/boundaries')).toBe('me');
    expect(current('performer', '/inbox')).toBe('inbox');
    expect(current('coordinator', '/productions/p1/checkins/c1')).toBe('board');
    expect(current('coordinator', '/productions/p1/board')).toBe('board');
    expect(current('coordinator', '/productions/p1/coverage')).toBe('board');
    expect(current('coordinator', '/productions/p1/report')).toBe('board');
    expect(current('coordinator', '/productions/p1')).toBe('scenes');
    expect(current('coordinator', '/productions/p1/members')).toBe('scenes');
    expect(current('coordinator', '/productions/p1/debriefs/d1')).toBe('scenes');
    expect(current('coordinator', '/productions/p1/scenes/s1/checkins/new')).toBe('scenes');
    expect(current('producer', '/productions/p1/coverage')).toBe('coverage');
    expect(current('producer', '/productions/p1/report')).toBe('coverage');
    expect(current('producer', '/productions/p1/reporting')).toBeNull();
    expect(current('producer', '/productions/new')).toBeNull();
    expect(current('producer', '/me/notifications')).toBe('me');
    expect(current('producer', '/me/debriefs')).toBe('me');
    expect(current(null, '/')).toBe('start');
    expect(current(null, '/invite/tok')).toBe('start');
  });

  it('knows when the person is inside a production, or on the home across productions', () => {
    expect(productionIdOf('/productions/p1')).toBe('p1');
    expect(productionIdOf('/productions/p1/scenes/s1')).toBe('p1');
    expect(productionIdOf('/productions/new')).toBeNull();
    expect(productionIdOf('/productions')).toBeNull();
    expect(productionIdOf('/me')).toBeNull();
    expect(isPerformerHome('/')).toBe(true);
    expect(isPerformerHome('/checkins')).toBe(true);
    expect(isPerformerHome('/inbox')).toBe(false);
  });
});

describe('navigation context', () => {
  const m = (productionId: string, role: 'performer' | 'coordinator' | 'producer') => ({ productionId, productionTitle: productionId, role });
  const mixed = { memberships: [m('c1', 'coordinator'), m('f1', 'performer'), m('f2', 'performer')] };

  it('follows the production in the path', () => {
    expect(navContext(mixed, '/productions/c1/scenes', null)).toEqual({ productionId: 'c1', role: 'coordinator' });
    expect(navContext(mixed, '/productions/f2/scenes/s1', 'c1')).toEqual({ productionId: 'f2', role: 'performer' });
  });

  it('keeps the remembered production on Inbox and Me, so the tabs keep their shape', () => {
    expect(navContext(mixed, '/inbox', 'c1')).toEqual({ productionId: 'c1', role: 'coordinator' });
    expect(navContext(mixed, '/me', 'f2')).toEqual({ productionId: 'f2', role: 'performer' });
    // No longer a member there: a production where they perform, else the first.
    expect(navContext(mixed, '/me', 'gone')).toEqual({ productionId: 'f1', role: 'performer' });
    expect(navContext({ memberships: [m('x', 'producer')] }, '/inbox', null)).toEqual({ productionId: 'x', role: 'producer' });
    expect(navContext({ memberships: [] }, '/inbox', 'x')).toEqual({ productionId: null, role: null });
  });

  it("is a performer's on the home across productions, keeping a remembered production where they perform", () => {
    expect(navContext(mixed, '/', 'c1')).toEqual({ productionId: 'f1', role: 'performer' });
    expect(navContext(mixed, '/checkins', 'f2')).toEqual({ productionId: 'f2', role: 'performer' });
    expect(navContext({ memberships: [m('c1', 'coordinator')] }, '/', 'c1')).toEqual({ productionId: 'c1', role: 'coordinator' });
  });

  it('starts a production on the first tab of the role held there', () => {
    expect(productionStart('p 1', 'producer')).toBe('/productions/p%201/coverage');
    expect(productionStart('p1', 'coordinator')).toBe('/productions/p1/scenes');
    expect(productionStart('p1', 'performer')).toBe('/productions/p1/scenes');
  });

  it('remembers the last production per person on this device', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    };
    const had = (globalThis as { localStorage?: unknown }).localStorage;
    (globalThis as { localStorage?: unknown }).localStorage = storage;
    try {
      expect(rememberedProduction('u1')).toBeNull();
      rememberProduction('u1', 'p9');
      expect(rememberedProduction('u1')).toBe('p9');
      expect(rememberedProduction('u2')).toBeNull();
      rememberProduction('u1', null);
      expect(rememberedProduction('u1')).toBeNull();
    } finally {
      (globalThis as { localStorage?: unknown }).localStorage = had;
    }
  });

  it('leads the switcher to the start of a production, or to the home, the list, create and join', () => {
    const ms = mixed.memberships;
    expect(switchTarget('c1', ms)).toBe('/productions/c1/scenes');
    expect(switchTarget('f1', ms)).toBe('/productions/f1/scenes');
    expect(switchTarget('__home', ms)).toBe('/');
    expect(switchTarget('__all', ms)).toBe('/productions');
    expect(switchTarget('__new', ms)).toBe('/productions/new');
    expect(switchTarget('__join', ms)).toBe('/join');
    expect(switchTarget('unknown', ms)).toBe('/productions');
  });
});

describe('back control', () => {
  const back = (path: string, role: Parameters<typeof parentOf>[1]) => {
    const p = parentOf(path, role);
    return p ? `${p.href} ${p.label}` : null;
  };

  it('has none on the screens of the tabs themselves', () => {
    for (const path of ['/', '/checkins', '/inbox', '/me']) expect(back(path, 'performer')).toBeNull();
    expect(back('/productions/p1/scenes', 'coordinator')).toBeNull();
    expect(back('/productions/p1/board', 'coordinator')).toBeNull();
    expect(back('/productions/p1/coverage', 'producer')).toBeNull();
  });

  it("leads a performer's pages to their logical parent", () => {
    expect(back('/productions/p1/scenes/s1', 'performer')).toBe('/ nav.scenes');
    expect(back('/productions/p1/scenes/s1/rider', 'performer')).toBe('/productions/p1/scenes/s1 back.scene');
    expect(back('/productions/p1/scenes', 'performer')).toBe('/ nav.scenes');
    expect(back('/productions/p1/checkins/c1', 'performer')).toBe('/checkins nav.checkins');
    expect(back('/productions/p1/checkins', 'performer')).toBe('/checkins nav.checkins');
    expect(back('/productions/p1/debriefs/d1', 'performer')).toBe('/ nav.scenes');
    expect(back('/productions/p1/boundaries', 'performer')).toBe('/me nav.me');
    expect(back('/me/notifications', 'performer')).toBe('/me nav.me');
    expect(back('/me/debriefs', null)).toBe('/me nav.me');
  });

  it("leads staff pages to their logical parent", () => {
    expect(back('/productions/p%201/scenes/s1', 'coordinator')).toBe('/productions/p%201/scenes nav.scenes');
    for (const what of ['edit', 'cast', 'choreography']) {
      expect(back(`/productions/p1/scenes/s1/${what}`, 'coordinator')).toBe('/productions/p1/scenes/s1 back.scene');
    }
    expect(back('/productions/p1/scenes/s1/checkins/new', 'coordinator')).toBe('/productions/p1/scenes/s1 back.scene');
    expect(back('/productions/p1/scenes/s1/debriefs/new', 'coordinator')).toBe('/productions/p1/scenes/s1 back.scene');
    expect(back('/productions/p1/scenes/s1/riders/u1', 'coordinator')).toBe('/productions/p1/scenes/s1 back.scene');
    expect(back('/productions/p1/scenes/new', 'producer')).toBe('/productions/p1/scenes nav.scenes');
    expect(back('/productions/p1/checkins/c1', 'coordinator')).toBe('/productions/p1/board nav.board');
    expect(back('/productions/p1/debriefs/d1', 'coordinator')).toBe('/productions/p1/scenes nav.scenes');
    expect(back('/productions/p1/coverage', 'coordinator')).toBe('/productions/p1/board nav.board');
    expect(back('/productions/p1/report', 'producer')).toBe('/productions/p1/coverage nav.coverage');
    expect(back('/productions/p1', 'producer')).toBe('/productions/p1/scenes nav.scenes');
    expect(back('/productions/p1/members', 'producer')).toBe('/productions/p1 back.production');
  });

  it('leads the pages outside any production back to the start', () => {
    expect(back('/productions', null)).toBe('/ back.start');
    expect(back('/productions/new', 'performer')).toBe('/productions back.productions');
    expect(back('/join', null)).toBe('/productions back.productions');
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
