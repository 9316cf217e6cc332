// Navigation: bottom tabs on phones, a side rail on wide screens, and the
// production switcher at the top while inside a production. Tabs are chosen
// per role (ui.md): performer Scenes · Check-ins; coordinator Scenes · Board;
// producer Coverage · Scenes, between Productions and Inbox · Me.
import type { JSX } from 'preact';
import { t, type MessageKey } from '../i18n';
import type { Membership, Role } from '../api/types';
import { navigate } from './router';
import { badgeText } from '../inbox/paging';

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

const productionsTab: Tab = {
  id: 'productions',
  label: 'nav.productions',
  href: '/productions',
  icon: IconProductions,
  matches: (p) => p === '/productions' || /^\/productions\/[^/]+(\/members)?$/.test(p) || p.startsWith('/invite/'),
};
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

/** A tab for a screen inside the current production, at /productions/:id/<segment>. */
function productionTab(id: string, label: MessageKey, segment: string, icon: () => JSX.Element): Tab {
  const re = new RegExp(`^/productions/[^/]+/${segment}(/.*)?$`);
  return { id, label, href: `/productions/:production/${segment}`, icon, matches: (p) => re.test(p) };
}

// A scene's debriefs (/productions/:id/debriefs/:did) belong to the Scenes tab.
const scenesTab: Tab = {
  ...productionTab('scenes', 'nav.scenes', 'scenes', IconScenes),
  matches: (p) => /^\/productions\/[^/]+\/(scenes|debriefs)(\/.*)?$/.test(p),
};
const checkinsTab = productionTab('checkins', 'nav.checkins', 'checkins', IconCheckins);
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

/**
 * Tabs that belong to a role inside a production, in the order of ui.md:
 * performer Scenes · Check-ins; coordinator Scenes · Board; producer
 * Coverage · Scenes.
 */
export const ROLE_TABS: Record<Role, Tab[]> = {
  performer: [scenesTab, checkinsTab],
  coordinator: [scenesTab, boardTab],
  producer: [coverageTab, scenesTab],
};

/** The tabs for someone holding role in the current production (or none), with their paths filled in. */
export function tabsFor(role: Role | null, productionId?: string | null): Tab[] {
  const inside = role && productionId ? ROLE_TABS[role] : [];
  return [productionsTab, ...inside, inboxTab, meTab].map((tab) =>
    tab.href.includes(':production') && productionId
      ? { ...tab, href: tab.href.replace(':production', encodeURIComponent(productionId)) }
      : tab,
  );
}

/** The tab bar (phones) / side rail (≥ 900 px); the Inbox tab carries the unread count. */
export function TabBar(props: { path: string; role: Role | null; productionId: string | null; unread?: number | null }) {
  const badge = badgeText(props.unread);
  return (
    <nav class="tabbar" aria-label={t('nav.label')}>
      <ul class="tabbar-list">
        {tabsFor(props.role, props.productionId).map((tab) => {
          const current = tab.matches(props.path);
          return (
            <li key={tab.id}>
              <a class="tab" href={tab.href} aria-current={current ? 'page' : undefined}>
                <tab.icon />
                <span class="tab-label">{t(tab.label)}</span>
                {tab.id === 'inbox' && badge ? (
                  <>
                    <span class="tab-badge" aria-hidden="true" data-testid="inbox-badge">
                      {badge}
                    </span>
                    <span class="visually-hidden">{t('nav.unread', { count: badge })}</span>
                  </>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Switches between the person's productions while inside one. */
export function ProductionSwitcher(props: { current: string; memberships: readonly Membership[] }) {
  const known = props.memberships.some((m) => m.productionId === props.current);
  return (
    <div class="switcher">
      <label for="production-switcher" class="switcher-label">
        {t('nav.switcherLabel')}
      </label>
      <select
        id="production-switcher"
        class="input select switcher-select"
        value={known ? props.current : ''}
        onChange={(e) => {
          const id = (e.currentTarget as HTMLSelectElement).value;
          navigate(id ? `/productions/${encodeURIComponent(id)}` : '/productions');
        }}
      >
        <option value="">{t('nav.switcherAll')}</option>
        {props.memberships.map((m) => (
          <option key={m.productionId} value={m.productionId}>
            {m.productionTitle}
          </option>
        ))}
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

function IconProductions() {
  return (
    <Svg>
      <rect x="3" y="5" width="18" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M3 9h18" stroke="currentColor" stroke-width="2" />
    </Svg>
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
