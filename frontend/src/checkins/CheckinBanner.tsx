// A banner at the top of every screen while a check-in waits for the
// person's answer: "Scene 12 · check-in — Answer now". One tap opens the
// check-in screen (OK · Need a moment · Stop). Hidden on that screen itself.
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';
import type { Me } from '../api/types';
import { useStore } from '../shared/store';
import { location } from '../shared/router';
import { checkinPath } from './data';
import { followWaiting, waitingCheckins } from './waiting';

/** The waiting check-in banner (performers). */
export function CheckinBanner(props: { me: Me }) {
  const { id, memberships } = props.me;
  useEffect(() => followWaiting({ id, memberships }), [id, memberships]);
  const waiting = useStore(waitingCheckins);
  const loc = useStore(location);
  const first = waiting[0];
  if (!first) return null;
  const href = checkinPath(first.productionId, first.checkin.id);
  if (loc.path === href) return null;
  const more = waiting.length - 1;
  return (
    <div role="alert">
      <a class="checkin-banner" href={href} data-testid="checkin-banner">
        <span class="checkin-banner-text">
          <strong>{t('checkin.bannerTitle', { number: first.sceneNumber })}</strong>
          {more > 0 ? <span> · {t('checkin.bannerMore', { n: more })}</span> : null}
        </span>
        <span class="checkin-banner-action">{t('checkin.bannerAction')}</span>
      </a>
    </div>
  );
}
