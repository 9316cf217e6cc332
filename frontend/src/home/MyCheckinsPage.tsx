// A performer's Check-ins tab across productions (issue 13): every open
// check-in addressed to them that waits for their answer, soonest to close
// first, each naming its production and scene. From GET /me/scenes, so one
// request whatever the number of productions.
import { t } from '../i18n';
import type { Me } from '../api/types';
import { Page, SkeletonRows } from '../shared/ui';
import { LoadError, StateBadgeView } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useNow } from '../shared/useNow';
import { useRefresh } from '../shared/useRefresh';
import { answerBadge, formatCountdown } from '../checkins/model';
import { checkinPath } from '../checkins/data';
import { loadMyScenes } from './HomePage';
import { openCheckins } from './needs';

/** The open check-ins waiting for the performer, across their productions. */
export function MyCheckinsPage(_props: { me: Me }) {
  const [data, reload] = useLoad(() => loadMyScenes(), []);
  // Look again now and then too: a check-in may arrive without a push.
  useRefresh(reload, 15_000);
  const rows = data.state === 'ok' ? openCheckins(data.data) : [];
  const now = useNow(1000, rows.length > 0);

  return (
    <Page title={t('checkins.title')}>
      {data.state === 'loading' ? <SkeletonRows count={2} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {data.state === 'ok' && rows.length === 0 ? (
        <div class="empty">
          <h2 class="empty-title">{t('checkins.empty')}</h2>
          <p class="muted">{t('home.checkinsEmptyBody')}</p>
        </div>
      ) : null}
      {rows.length ? (
        <ul class="list" aria-label={t('checkins.openLabel')}>
          {rows.map((s) => (
            <li key={s.openCheckin.id}>
              <a class="list-row list-link" href={checkinPath(s.productionId, s.openCheckin.id)} data-testid="checkin-row">
                <span class="list-main">
                  <span class="list-title">
                    {t('checkin.sceneLabel', { number: s.number })} · {s.title}
                  </span>
                  <span class="list-sub">
                    {`${s.productionTitle} · `}
                    {t('checkin.timeLeft', { time: formatCountdown(Date.parse(s.openCheckin.expiresAt) - now) })}
                  </span>
                </span>
                <StateBadgeView badge={answerBadge(null)} />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
