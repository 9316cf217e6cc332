// Navigation: bottom tabs on phones, a side rail on wide screens, one tab
// set per role (ui.md) on every screen: performer Scenes · Check-ins · Inbox ·
// Me; coordinator Scenes · Board · Inbox · Me; producer Coverage · Scenes ·
// Inbox · Me. The role is the one held in the production the navigation
// follows (shared/context.ts). Switching production is a control at the top,
// and every page below a tab has a back control there (shared/back.ts).
import type { JSX } from 'preact';
import { t, type MessageKey } from '../i18n';
import type { Membership, Role } from '../api/types';
import { navigate } from './router';
import { badgeText } from '../inbox/paging';
import { productionStart } from './context';
import type { Parent } from './back';

/** A navigation tab. */
export interface Tab {
  id: string;
  label: MessageKey;
  /** The tab's path; ":production" stands for the current production's id. */
  href: string;
  icon: () => JSX.Element;
  /** Whether the tab is the current one for a path. */
  matches: (path: string) => boolean;
}

const inboxTab: Tab = {
  id: 'inbox',
  label: 'nav.inbox',
  href: '/inbox',
  icon: IconInbox,
  matches: (p) => p === '/inbox',
};
const meTab: Tab = {
  id: 'me',
  label: 'nav.me',
  href: '/me',
  icon: IconMe,
  matches: (p) => p === '/me' || p.startsWith('/me/') || /^\/productions\/[^/]+\/boundaries$/.test(p),
};
// Someone in no production yet: their start (create a production or open an invite).
const startTab: Tab = {
  id: 'start',
  label: 'nav.start',
  href: '/',
  icon: IconScenes,
  matches: (p) => p === '/' || p === '/productions' || p === '/productions/new' || p === '/join' || p.startsWith('/invite/'),
};

/** A tab for a screen inside the current production, at /productions/:id/<segment>. */
function productionTab(id: string, label: MessageKey, segment: string, icon: () => JSX.Element): Tab {
  const re = new RegExp(`^/productions/[^/]+/${segment}(/.*)?$`);
  return { id, label, href: `/productions/:production/${segment}`, icon, matches: (p) => re.test(p) };
}

// A staff member's Scenes: the production's scenes, its debriefs, and the
// production's own page with members and invites (reached from the scene list).
const scenesTab: Tab = {
  ...productionTab('scenes', 'nav.scenes', 'scenes', IconScenes),
  matches: (p) => /^\/productions\/(?!new$)[^/]+(\/(scenes|debriefs|members)(\/.*)?)?$/.test(p),
};
// A performer's Scenes: "Needs you" across productions, and every scene screen below it.
const performerScenesTab: Tab = {
  ...scenesTab,
  href: '/',
  matches: (p) => p === '/' || p === '/productions' || scenesTab.matches(p),
};
// A performer's Check-ins: the open check-ins across productions, and each one.
const performerCheckinsTab: Tab = {
  id: 'checkins',
  label: 'nav.checkins',
  href: '/checkins',
  icon: IconCheckins,
  matches: (p) => p === '/checkins' || /^\/productions\/[^/]+\/checkins(\/.*)?$/.test(p),
};
// The board also holds a coordinator's live check-ins (/productions/:id/checkins/:cid)
// and, for coordinators, the coverage dashboard and daily reports reached from it.
const boardTab: Tab = {
  ...productionTab('board', 'nav.board', 'board', IconBoard),
  matches: (p) => /^\/productions\/[^/]+\/(board|checkins|coverage|report)(\/.*)?$/.test(p),
};
// The daily report (/productions/:id/report) belongs to Coverage.
const coverageTab: Tab = {
  ...productionTab('coverage', 'nav.coverage', 'coverage', IconCoverage),
  matches: (p) => /^\/productions\/[^/]+\/(coverage|report)(\/.*)?$/.test(p),
};

/** The tabs of each role, in the order of ui.md. */
export const ROLE_TABS: Record<Role, Tab[]> = {
  performer: [performerScenesTab, performerCheckinsTab, inboxTab, meTab],
  coordinator: [scenesTab, boardTab, inboxTab, meTab],
  producer: [coverageTab, scenesTab, inboxTab, meTab],
};

/**
 * The tabs for someone holding role in the production the navigation follows
 * (or in none), with their paths filled in.
 */
export function tabsFor(role: Role | null, productionId?: string | null): Tab[] {
  const tabs = role && (productionId || role === 'performer') ? ROLE_TABS[role] : [startTab, inboxTab, meTab];
  return tabs.map((tab) =>
    tab.href.includes(':production') && productionId
      ? { ...tab, href: tab.href.replace(':production', encodeURIComponent(productionId)) }
      : tab,
  );
}

/** The tab that is current on path (the first that matches), or null. */
export function currentTab(tabs: readonly Tab[], path: string): string | null {
  return tabs.find((tab) => tab.matches(path))?.id ?? null;
}

/** The tab bar (phones) / side rail (≥ 900 px); the Inbox tab carries what needs the person. */
export function TabBar(props: { path: string; role: Role | null; productionId: string | null; needsYou?: number | null }) {
  const badge = badgeText(props.needsYou);
  const tabs = tabsFor(props.role, props.productionId);
  const current = currentTab(tabs, props.path);
  return (
    <nav class="tabbar" aria-label={t('nav.label')}>
      <ul class="tabbar-list">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <a class="tab" href={tab.href} aria-current={tab.id === current ? 'page' : undefined} data-tab={tab.id}>
              <tab.icon />
              <span class="tab-label">{t(tab.label)}</span>
              {tab.id === 'inbox' && badge ? (
                <>
                  <span class="tab-badge" aria-hidden="true" data-testid="inbox-badge">
                    {badge}
                  </span>
                  <span class="visually-hidden">{t('nav.needsYou', { count: badge })}</span>
                </>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The back control of a page below a tab: "Back to <parent>", a plain link to the logical parent. */
export function BackControl(props: { parent: Parent }) {
  const place = t(props.parent.label);
  return (
    <a class="topbar-back" href={props.parent.href} aria-label={t('nav.backTo', { place })} data-testid="back-control">
      <svg class="topbar-back-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      <span class="topbar-back-label">{place}</span>
    </a>
  );
}

/** Entries of the switcher that are not a production. */
export const SWITCH_HOME = '__home';
const SWITCH_ALL = '__all';
const SWITCH_NEW = '__new';
const SWITCH_JOIN = '__join';

/** Where choosing an entry of the switcher leads. */
export function switchTarget(value: string, memberships: readonly Membership[]): string {
  if (value === SWITCH_HOME) return '/';
  if (value === SWITCH_ALL || value === '') return '/productions';
  if (value === SWITCH_NEW) return '/productions/new';
  if (value === SWITCH_JOIN) return '/join';
  const m = memberships.find((x) => x.productionId === value);
  return m ? productionStart(m.productionId, m.role) : '/productions';
}

/**
 * Switches production: the person's productions (and, for a performer, their
 * scenes across all of them), with "All productions", "Create production" and
 * "Join with an invite link" below.
 */
export function ProductionSwitcher(props: { current: string | null; memberships: readonly Membership[]; performerHome: boolean }) {
  const performer = props.memberships.some((m) => m.role === 'performer');
  const known = props.memberships.some((m) => m.productionId === props.current);
  const value = props.performerHome && performer ? SWITCH_HOME : known && props.current ? props.current : SWITCH_ALL;
  return (
    <div class="switcher">
      <label for="production-switcher" class="switcher-label">
        {t('nav.switcherLabel')}
      </label>
      <select
        id="production-switcher"
        class="input select switcher-select"
        value={value}
        onChange={(e) => navigate(switchTarget((e.currentTarget as HTMLSelectElement).value, props.memberships))}
      >
        {performer ? <option value={SWITCH_HOME}>{t('nav.switcherHome')}</option> : null}
        <optgroup label={t('nav.switcherProductions')}>
          {props.memberships.map((m) => (
            <option key={m.productionId} value={m.productionId}>
              {m.productionTitle}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('nav.switcherMore')}>
          <option value={SWITCH_ALL}>{t('nav.switcherAll')}</option>
          <option value={SWITCH_NEW}>{t('nav.switcherCreate')}</option>
          <option value={SWITCH_JOIN}>{t('nav.switcherJoin')}</option>
        </optgroup>
      </select>
    </div>
  );
}

function Svg(props: { children: JSX.Element | JSX.Element[] }) {
  return (
    <svg class="tab-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      {props.children}
    </svg>
  );
}

function IconInbox() {
  return (
    <Svg>
      <path d="M4 5h16v14H4z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
      <path d="M4 13h5l1 2h4l1-2h5" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
    </Svg>
  );
}

function IconMe() {
  return (
    <Svg>
      <circle cx="12" cy="9" r="4" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M4 20c1.5-4 4.5-5 8-5s6.5 1 8 5" fill="none" stroke="currentColor" stroke-width="2" />
    </Svg>
  );
}

function IconScenes() {
  return (
    <Svg>
      <path d="M4 8h16v11H4z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
      <path d="M4 8l3-4h13l-3 4" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
    </Svg>
  );
}

function IconCheckins() {
  return (
    <Svg>
      <circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M8.5 12.5l2.5 2.5 4.5-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </Svg>
  );
}

function IconBoard() {
  return (
    <Svg>
      <rect x="4" y="4" width="7" height="16" rx="1.5" fill="none" stroke="currentColor" stroke-width="2" />
      <rect x="13" y="4" width="7" height="10" rx="1.5" fill="none" stroke="currentColor" stroke-width="2" />
    </Svg>
  );
}

function IconCoverage() {
  return (
    <Svg>
      <path d="M5 19V11M12 19V5M19 19v-6" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
    </Svg>
  );
}
