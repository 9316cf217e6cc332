// The performer's home, "Needs you" (issue 13): what needs them on top (a
// decision on the current version, a rider to sign and by when, an open
// check-in, a debrief coming up), then their other scenes by call time. Each
// row names its production and links to the performer's scene page.
import { t, type MessageKey } from '../i18n';
import { api, type Api } from '../api/client';
import { readSaved } from '../offline/saved';
import { call } from '../api/problem';
import type { Me } from '../api/types';
import { Page, SkeletonRows } from '../shared/ui';
import { LoadError, StateBadgeView } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useRefresh } from '../shared/useRefresh';
import { useStore } from '../shared/store';
import { outboxState, pendingWithdrawal, type OutboxState } from '../offline/outbox';
import { myConsentBadge } from '../scenes/consent';
import { myStateOf, scenePath } from '../scenes/data';
import { compactTime, homeOf, needsInOrder, zoneName, type MyScene, type NeedCode } from './needs';

/** GET /me/scenes (client: the network, or what this device saved). */
export function loadMyScenes(client: Api = api) {
  return call(client.GET('/api/v1/me/scenes'));
}

/** The words for one need on a scene, with its time in the scene's zone. */
function needText(need: NeedCode, s: MyScene, now: number, withZone: boolean): string {
  const when = (iso: string) => compactTime(iso, s.timezone, now, withZone);
  const key: Record<NeedCode, MessageKey> = {
    decide: 'home.need.decide',
    sign_rider: s.riderDueAt ? 'home.need.signRider' : 'home.need.signRiderNow',
    answer_checkin: 'home.need.answerCheckin',
    debrief: 'home.need.debrief',
  };
  const time =
    need === 'sign_rider' && s.riderDueAt
      ? when(s.riderDueAt)
      : need === 'answer_checkin' && s.openCheckin
        ? when(s.openCheckin.expiresAt)
        : need === 'debrief' && s.nextDebrief
          ? when(s.nextDebrief.scheduledAt)
          : '';
  return t(key[need], { version: s.currentVersion ?? 1, time });
}

function Row(p: { s: MyScene; now: number; withZone: boolean; meId: string; outbox: OutboxState; showNeeds: boolean }) {
  const { s } = p;
  const needs = p.showNeeds ? needsInOrder(s) : [];
  return (
    <li>
      <a class="list-row list-link scene-row home-row" href={scenePath(s.productionId, s.id)} data-testid="home-row" data-needs={s.needs.join(' ')}>
        <span class="list-main">
          <span class="list-title">
            <span class="scene-number">{s.number}</span> {s.title}
          </span>
          <span class="list-sub">
            <span class="home-production" data-testid="home-production">
              {s.productionTitle}
            </span>
            {' · '}
            <time dateTime={s.callTime}>{compactTime(s.callTime, s.timezone, p.now, p.withZone)}</time>
          </span>
          {needs.length ? (
            <span class="home-needs">
              {needs.map((n) => (
                <span key={n} class="home-need" data-need={n}>
                  {needText(n, s, p.now, p.withZone)}
                </span>
              ))}
            </span>
          ) : null}
        </span>
        <StateBadgeView
          badge={myConsentBadge({
            state: myStateOf(s),
            published: s.currentVersion !== null,
            pending: pendingWithdrawal(p.outbox, p.meId, s.id),
            withdrawnSince: false,
          })}
        />
      </a>
    </li>
  );
}

/** "Needs you": the performer's scenes across productions. */
export function HomePage(props: { me: Me }) {
  // Saved first (bad signal on set): what this device saved shows at once, the network's answer replaces it.
  const [data, reload] = useLoad(() => loadMyScenes(), [], { saved: () => readSaved((client) => loadMyScenes(client)) });
  // A push (a new version, a check-in) changes what needs the person.
  useRefresh(reload);
  const outbox = useStore(outboxState);
  const now = Date.now();
  const home = data.state === 'ok' ? homeOf(data.data, now) : null;
  const withZone = !!home && home.zone === null;
  const row = (s: MyScene, showNeeds: boolean) => (
    <Row key={s.id} s={s} now={now} withZone={withZone} meId={props.me.id} outbox={outbox} showNeeds={showNeeds} />
  );
  const empty = home && !home.needs.length && !home.upcoming.length && !home.past.length;

  return (
    <Page title={t('home.title')}>
      {home?.zone ? <p class="muted zone-note">{t('scenes.zoneNote', { zone: zoneName(home.zone) })}</p> : null}
      {data.state === 'loading' ? <SkeletonRows count={3} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {empty ? (
        <div class="empty">
          <h2 class="empty-title">{t('home.emptyTitle')}</h2>
          <p class="muted">{t('home.emptyBody')}</p>
        </div>
      ) : null}
      {home && !empty ? (
        home.needs.length ? (
          <ul class="list home-needs-list" aria-label={t('home.needsLabel')} data-testid="home-needs">
            {home.needs.map((s) => row(s, true))}
          </ul>
        ) : (
          <p class="home-calm" data-testid="home-calm">
            {t('home.nothing')}
          </p>
        )
      ) : null}
      {home?.upcoming.length ? (
        <section class="section section-spaced" aria-labelledby="home-upcoming-heading">
          <h2 id="home-upcoming-heading" class="section-title">
            {t('home.upcoming')}
          </h2>
          <ul class="list" data-testid="home-upcoming">
            {home.upcoming.map((s) => row(s, false))}
          </ul>
        </section>
      ) : null}
      {home?.past.length ? (
        <section class="section section-spaced" aria-labelledby="home-past-heading">
          <h2 id="home-past-heading" class="section-title">
            {t('home.past')}
          </h2>
          <ul class="list" data-testid="home-past">
            {home.past.map((s) => row(s, false))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
