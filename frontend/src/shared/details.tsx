// Facts as a description list (<dl class="details">): a label and its value a
// row; a long value (a list of names or tags) takes a row of its own.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import type { Scene } from '../api/types';
import { formatCallTime } from './time';

/** One row of a details list. `block`: the value is long; `wrap`: it may break anywhere (an address). */
export function Detail(p: { label: string; block?: boolean; wrap?: boolean; children: ComponentChildren }) {
  return (
    <div class={p.block ? 'details-block' : undefined}>
      <dt>{p.label}</dt>
      <dd class={p.wrap ? 'break' : undefined}>{p.children}</dd>
    </div>
  );
}

/** A scene's call time (in the production's zone, once known) and location, then any further rows. */
export function SceneDetails(p: { scene: Scene; timeZone?: string | null; class?: string; children?: ComponentChildren }) {
  return (
    <dl class={p.class ? `details ${p.class}` : 'details'}>
      <Detail label={t('scene.callTime')}>{p.timeZone ? formatCallTime(p.scene.callTime, p.timeZone) : t('common.loading')}</Detail>
      {p.scene.location ? <Detail label={t('scene.location')}>{p.scene.location}</Detail> : null}
      {p.children}
    </dl>
  );
}
