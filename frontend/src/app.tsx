// The app shell: top bar (with the production switcher inside a
// production), the tabs, and the route table.
import { useLayoutEffect } from 'preact/hooks';
import { t } from './i18n';
import type { Me } from './api/types';
import { sessionState, type SessionState } from './auth/session';
import { SignIn } from './auth/SignIn';
import { SignUp } from './auth/SignUp';
import { ProductionsList } from './productions/ProductionsList';
import { CreateProduction } from './productions/CreateProduction';
import { productionScreen } from './productions/routes';
import { AcceptInvite } from './invites/AcceptInvite';
import { InboxPage } from './inbox/InboxPage';
import { MePage } from './me/MePage';
import { MyDebriefs } from './me/MyDebriefs';
import { PushSettings } from './push/PushSettings';
import { unreadCount } from './inbox/unread';
import { location, matchPath, navigate, safeNext, withNext, type Location } from './shared/router';
import { useStore } from './shared/store';
import { ProductionSwitcher, TabBar } from './shared/nav';
import { NotFound, SkeletonRows } from './shared/ui';
import { OfflineLine } from './shared/widgets';
import { CheckinBanner } from './checkins/CheckinBanner';

function Redirect(props: { to: string }) {
  useLayoutEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
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

function SignedInRoutes(props: { loc: Location; me: Me }) {
  const { path } = props.loc;
  if (path === '/' || path === '/signin' || path === '/signup') {
    return <Redirect to={safeNext(props.loc.query.get('next'))} />;
  }
  if (path === '/productions') return <ProductionsList />;
  if (path === '/productions/new') return <CreateProduction />;
  const id = productionIdOf(path);
  if (id) return productionScreen(props.loc, id, props.me);
  const invite = matchPath('/invite/:token', path);
  if (invite?.token) return <AcceptInvite token={invite.token} me={props.me} />;
  if (path === '/inbox') return <InboxPage />;
  if (path === '/me') return <MePage me={props.me} />;
  if (path === '/me/notifications') return <PushSettings />;
  if (path === '/me/debriefs') return <MyDebriefs />;
  return <NotFound />;
}

const PROTECTED = [/^\/$/, /^\/productions(\/.*)?$/, /^\/inbox$/, /^\/me(\/.*)?$/];

function SignedOutRoutes(props: { loc: Location; expired: boolean; deleted: boolean }) {
  const { path, query } = props.loc;
  if (path === '/signin') return <SignIn next={query.get('next')} expired={props.expired} deleted={props.deleted} />;
  if (path === '/signup') return <SignUp next={query.get('next')} />;
  const invite = matchPath('/invite/:token', path);
  if (invite?.token) return <AcceptInvite token={invite.token} me={null} />;
  if (path === '/') return <Redirect to="/signin" />;
  if (PROTECTED.some((re) => re.test(path))) {
    return <Redirect to={withNext('/signin', path + (query.toString() ? `?${query.toString()}` : ''))} />;
  }
  return <NotFound />;
}

function Content(props: { loc: Location; state: SessionState }) {
  const { state } = props;
  // Only someone this device does not remember waits here: a remembered
  // person is signed in at once from what was saved (auth/session.ts).
  if (state.status === 'restoring') {
    return (
      <div class="page">
        <p class="page-title muted" role="status">
          {state.unreachable ? t('session.unreachable') : t('session.restoring')}
        </p>
        <SkeletonRows count={3} label={t('common.loading')} />
      </div>
    );
  }
  if (state.status === 'signed-out') return <SignedOutRoutes loc={props.loc} expired={!!state.expired} deleted={!!state.deleted} />;
  return <SignedInRoutes loc={props.loc} me={state.me} />;
}

/** The whole app. */
export function App() {
  const loc = useStore(location);
  const state = useStore(sessionState);
  const unread = useStore(unreadCount);
  const me = state.status === 'signed-in' ? state.me : null;
  const productionId = me ? productionIdOf(loc.path) : null;
  const role = productionId ? (me?.memberships.find((m) => m.productionId === productionId)?.role ?? null) : null;

  return (
    <div class={me ? 'shell shell-nav' : 'shell'}>
      <a class="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header class="topbar">
        <span class="brand">
          <img class="brand-mark" src="/icons/favicon-32.png" alt="" width="24" height="24" />
          <span class="brand-name">{t('app.name')}</span>
        </span>
        {me && productionId ? <ProductionSwitcher current={productionId} memberships={me.memberships} /> : null}
      </header>
      {me ? <TabBar path={loc.path} role={role} productionId={productionId} unread={unread} /> : null}
      <main id="main" class="main" tabIndex={-1}>
        <OfflineLine />
        {me ? <CheckinBanner me={me} /> : null}
        <Content loc={loc} state={state} />
      </main>
    </div>
  );
}
