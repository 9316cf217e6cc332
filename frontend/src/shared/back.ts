// The back control of every page below a tab: where its logical parent is.
// A link, not history.back(), so it works when the page was opened from a
// notification or a shared link and there is no history to go back to.
import type { MessageKey } from '../i18n';
import type { Role } from '../api/types';
import { matchPath } from './router';

/** Where the back control leads and the name of that place ("Back to <label>"). */
export interface Parent {
  href: string;
  label: MessageKey;
}

const P = '/productions/:pid';

/**
 * The logical parent of path for someone holding role in the production in
 * the path (null when the path is a tab's own screen or has no parent).
 */
export function parentOf(path: string, role: Role | null): Parent | null {
  const at = (pattern: string) => matchPath(pattern, path);
  const prod = (pid: string, ...rest: string[]) => ['/productions', encodeURIComponent(pid), ...rest.map(encodeURIComponent)].join('/');
  const performer = role === 'performer';
  const scenes = (pid: string): Parent => (performer ? { href: '/', label: 'nav.scenes' } : { href: prod(pid, 'scenes'), label: 'nav.scenes' });

  if (path === '/me/notifications' || path === '/me/debriefs') return { href: '/me', label: 'nav.me' };
  if (path === '/productions') return { href: '/', label: 'back.start' };
  if (path === '/productions/new' || path === '/join') return { href: '/productions', label: 'back.productions' };

  let m = at(`${P}/scenes/:sid/:what/new`);
  if (m) return { href: prod(m.pid!, 'scenes', m.sid!), label: 'back.scene' };
  m = at(`${P}/scenes/:sid/riders/:uid`);
  if (m) return { href: prod(m.pid!, 'scenes', m.sid!), label: 'back.scene' };
  m = at(`${P}/scenes/new`);
  if (m) return scenes(m.pid!);
  m = at(`${P}/scenes/:sid/:what`);
  if (m) return { href: prod(m.pid!, 'scenes', m.sid!), label: 'back.scene' };
  m = at(`${P}/scenes/:sid`);
  if (m) return scenes(m.pid!);
  m = at(`${P}/scenes`);
  // A performer's list of one production's scenes sits below their home across productions.
  if (m) return performer ? scenes(m.pid!) : null;
  m = at(`${P}/checkins/:cid`);
  if (m) return performer ? { href: '/checkins', label: 'nav.checkins' } : { href: prod(m.pid!, 'board'), label: 'nav.board' };
  m = at(`${P}/checkins`);
  if (m) return performer ? { href: '/checkins', label: 'nav.checkins' } : null;
  m = at(`${P}/debriefs/:did`);
  if (m) return scenes(m.pid!);
  m = at(`${P}/boundaries`);
  if (m) return { href: '/me', label: 'nav.me' };
  m = at(`${P}/members`);
  if (m) return { href: prod(m.pid!), label: 'back.production' };
  m = at(`${P}/report`);
  if (m) return { href: prod(m.pid!, 'coverage'), label: 'nav.coverage' };
  m = at(`${P}/coverage`);
  if (m) return role === 'coordinator' ? { href: prod(m.pid!, 'board'), label: 'nav.board' } : null;
  m = at(P);
  // The production's page (details, members, invites) is reached from its Scenes.
  if (m) return scenes(m.pid!);
  return null;
}
