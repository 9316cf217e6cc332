// The app shell: top bar (back control on pages below a tab, and the
// production switcher; it collapses while reading), the tabs of the role
// held in the production the navigation follows, and the route table.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { t } from './i18n';
import type { Me } from './api/types';
import { sessionState, type SessionState } from './auth/session';
import { productionScreen } from './productions/routes';
import { needsYouCount } from './inbox/unread';
import { location, matchPath, navigate, safeNext, withNext, type Location } from './shared/router';
import { useStore } from './shared/store';
import { BackControl, ProductionSwitcher, TabBar } from './shared/nav';
import { isPerformerHome, navContext, productionIdOf, rememberProduction, rememberedProduction } from './shared/context';
import { parentOf } from './shared/back';
import { StartPage } from './home/StartPage';
import { NotFound, SkeletonRows } from './shared/ui';
import { OfflineLine } from './shared/widgets';
import { CheckinBanner } from './checkins/CheckinBanner';
import { useTopbarCollapsed } from './shared/useCollapse';
import { lazy } from './shared/lazy';

// Screens outside the performer's first one load on demand (shared/lazy.tsx).
const SignIn = lazy(() => import('./auth/SignIn').then((m) => m.SignIn));
const SignUp = lazy(() => import('./auth/SignUp').then((m) => m.SignUp));
const ForgotPassword = lazy(() => import('./auth/ForgotPassword').then((m) => m.ForgotPassword));
const ResetPassword = lazy(() => import('./auth/ResetPassword').then((m) => m.ResetPassword));
const ProductionsList = lazy(() => import('./productions/ProductionsList').then((m) => m.ProductionsList));
const CreateProduction = lazy(() => import('./productions/CreateProduction').then((m) => m.CreateProduction));
const AcceptInvite = lazy(() => import('./invites/AcceptInvite').then((m) => m.AcceptInvite));
const InboxPage = lazy(() => import('./inbox/InboxPage').then((m) => m.InboxPage));
const MePage = lazy(() => import('./me/MePage').then((m) => m.MePage));
const MyDebriefs = lazy(() => import('./me/MyDebriefs').then((m) => m.MyDebriefs));
const PushSettings = lazy(() => import('./push/PushSettings').then((m) => m.PushSettings));
const MyCheckinsPage = lazy(() => import('./home/MyCheckinsPage').then((m) => m.MyCheckinsPage));
const JoinPage = lazy(() => import('./home/JoinPage').then((m) => m.JoinPage));

function Redirect(props: { to: string }) {
  useLayoutEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
}

export { productionIdOf };

function SignedInRoutes(props: { loc: Location; me: Me }) {
  const { path } = props.loc;
  const next = props.loc.query.get('next');
  if (path === '/signin' || path === '/signup' || (path === '/' && next)) return <Redirect to={safeNext(next)} />;
  if (path === '/') return <StartPage me={props.me} />;
  if (path === '/checkins') return <MyCheckinsPage me={props.me} />;
  if (path === '/join') return <JoinPage />;
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

const PROTECTED = [/^\/$/, /^\/productions(\/.*)?$/, /^\/inbox$/, /^\/me(\/.*)?$/, /^\/checkins$/, /^\/join$/];

function SignedOutRoutes(props: { loc: Location; expired: boolean; deleted: boolean }) {
  const { path, query } = props.loc;
  if (path === '/signin') return <SignIn next={query.get('next')} expired={props.expired} deleted={props.deleted} />;
  if (path === '/signup') return <SignUp next={query.get('next')} />;
  const invite = matchPath('/invite/:token', path);
  if (invite?.token) return <AcceptInvite token={invite.token} me={null} />;
  if (path === '/') return <Redirect to="/signin" />;
  if (PROTECTED.some((re) => re.test(path))) {
    // The fragment goes along: e-mails link to /me#notifications.
    const next = path + (query.toString() ? `?${query.toString()}` : '') + window.location.hash;
    return <Redirect to={withNext('/signin', next)} />;
  }
  return <NotFound />;
}

function Content(props: { loc: Location; state: SessionState }) {
  const { state } = props;
  // Public whoever is signed in, and kept on screen when a reset ends the session.
  if (props.loc.path === '/forgot-password') return <ForgotPassword />;
  if (props.loc.path === '/reset-password') return <ResetPassword />;
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
  const needsYou = useStore(needsYouCount);
  const me = state.status === 'signed-in' ? state.me : null;
  // The production (and role) the tabs follow: the one in the path, else the one last visited.
  const nav = me ? navContext(me, loc.path, rememberedProduction(me.id)) : { productionId: null, role: null };
  useEffect(() => {
    if (me && nav.productionId) rememberProduction(me.id, nav.productionId);
  }, [me?.id, nav.productionId]);
  const parent = me ? parentOf(loc.path, nav.role) : null;
  // issue 13 C: the top bar collapses while reading (not with reduced motion).
  const topbar = useRef<HTMLElement>(null);
  const collapsed = useTopbarCollapsed(() => topbar.current);

  return (
    <div class={me ? 'shell shell-nav' : 'shell'}>
      <a class="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header class={collapsed ? 'topbar topbar-collapsed' : 'topbar'} ref={topbar} data-testid="topbar">
        {parent ? <BackControl parent={parent} /> : null}
        <span class="brand">
          <img class="brand-mark" src="/icons/favicon-32.png" alt="" width="24" height="24" />
          <span class="brand-name">{t('app.name')}</span>
        </span>
        {me && me.memberships.length ? (
          <ProductionSwitcher current={nav.productionId} memberships={me.memberships} performerHome={isPerformerHome(loc.path)} />
        ) : null}
      </header>
      {me ? <TabBar path={loc.path} role={nav.role} productionId={nav.productionId} needsYou={needsYou} /> : null}
      <main id="main" class="main" tabIndex={-1}>
        <OfflineLine />
        {me ? <CheckinBanner me={me} /> : null}
        <Content loc={loc} state={state} />
      </main>
    </div>
  );
}
