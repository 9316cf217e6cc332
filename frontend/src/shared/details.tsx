// Facts as a description list (<dl class="details">): a label and its value a
// row; a long value (a list of names or tags) takes a row of its own.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import type { Scene } from '../api/types';
import { formatWhen, zoneLabel } from './time';

/**
 * One row of a details list. `block`: the value is long; `wrap`: it may be
 * long (an address: wraps between words); `clip`: one line cut with an
 * ellipsis, the whole value in its title (an e-mail address).
 */
export function Detail(p: { label: string; block?: boolean; wrap?: boolean; clip?: string; children: ComponentChildren }) {
  return (
    <div class={p.block ? 'details-block' : undefined}>
      <dt>{p.label}</dt>
      <dd class={p.clip !== undefined ? 'clip' : p.wrap ? 'break' : undefined} title={p.clip}>
        {p.children}
      </dd>
    </div>
  );
}

/** A scene's call time (in the production's zone, once known, which is named) and location, then any further rows. */
export function SceneDetails(p: { scene: Scene; timeZone?: string | null; class?: string; children?: ComponentChildren }) {
  return (
    <dl class={p.class ? `details ${p.class}` : 'details'}>
      <Detail label={t('scene.callTime')}>{p.timeZone ? formatWhen(p.scene.callTime, p.timeZone) : t('common.loading')}</Detail>
      {/* issue 13 C: the one place a scene screen names its zone; its other times are compact. */}
      {p.timeZone ? <Detail label={t('scene.timesIn')}>{zoneLabel(p.timeZone)}</Detail> : null}
      {p.scene.location ? <Detail label={t('scene.location')}>{p.scene.location}</Detail> : null}
      {p.children}
    </dl>
  );
}
