// The Check-ins tab (performers): the open check-ins addressed to them in
// this production, soonest to close first, each with its time left and their
// answer so far. A push refreshes the list.
import { t } from '../i18n';
import type { Me } from '../api/types';
import { Page, SkeletonRows } from '../shared/ui';
import { LoadError, StateBadgeView } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useNow } from '../shared/useNow';
import { useRefresh } from '../shared/useRefresh';
import { answerBadge, boardOrder, formatCountdown, performerView } from '../checkins/model';
import { checkinPath, loadMyCheckins } from '../checkins/data';

/** The performer's open check-ins. */
export function CheckinsPage(props: { productionId: string; me: Me }) {
  const [data, reload] = useLoad(() => loadMyCheckins(props.productionId), [props.productionId]);
  // Look again now and then too: a check-in may arrive without a push.
  useRefresh(reload, 15_000);
  const items = data.state === 'ok' ? data.data : [];
  const now = useNow(1000, items.length > 0);
  const rows = boardOrder(
    items.map((x) => ({ ...x, open: x.checkin.open, expiresAt: x.checkin.expiresAt, requestedAt: x.checkin.requestedAt })),
    now,
  ).filter((x) => performerView(x.checkin, props.me.id, now).kind === 'open');

  return (
    <Page title={t('checkins.title')}>
      {data.state === 'loading' ? <SkeletonRows count={2} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {data.state === 'ok' && rows.length === 0 ? (
        <div class="empty">
          <h2 class="empty-title">{t('checkins.empty')}</h2>
          <p class="muted">{t('checkins.emptyBody')}</p>
        </div>
      ) : null}
      {rows.length ? (
        <ul class="list" aria-label={t('checkins.openLabel')}>
          {rows.map(({ checkin, scene }) => {
            const view = performerView(checkin, props.me.id, now);
            const answer = view.kind === 'open' ? view.answer : null;
            return (
              <li key={checkin.id}>
                <a class="list-row list-link" href={checkinPath(props.productionId, checkin.id)} data-testid="checkin-row">
                  <span class="list-main">
                    <span class="list-title">
                      {t('checkin.sceneLabel', { number: scene.number })} · {checkin.reason}
                    </span>
                    <span class="list-sub">
                      {view.kind === 'open' ? t('checkin.timeLeft', { time: formatCountdown(view.remainingMs) }) : t('checkin.closed')}
                    </span>
                  </span>
                  <StateBadgeView badge={answerBadge(answer)} />
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
    </Page>
  );
}
