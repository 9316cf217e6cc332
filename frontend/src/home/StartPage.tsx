// The start, route "/" (issue 13): a performer anywhere opens on "Needs you"
// (their other roles are a switch of production away); someone who performs
// nowhere goes to the first tab of their production; someone in no
// production yet is told how to begin: create one, or open an invite link.
import { useLayoutEffect } from 'preact/hooks';
import { t } from '../i18n';
import type { Me } from '../api/types';
import { Page } from '../shared/ui';
import { navigate } from '../shared/router';
import { isPerformerAnywhere, navContext, productionStart, rememberedProduction } from '../shared/context';
import { HomePage } from './HomePage';

function GoTo(props: { to: string }) {
  useLayoutEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
}

/** Someone in no production yet. */
export function Welcome() {
  return (
    <Page title={t('productions.title')}>
      <div class="empty">
        <h2 class="empty-title">{t('productions.emptyTitle')}</h2>
        <p class="muted">{t('productions.emptyBody')}</p>
        <div class="empty-actions">
          <a class="btn btn-primary" href="/productions/new">
            {t('productions.create')}
          </a>
          <a class="btn btn-secondary" href="/join">
            {t('productions.join')}
          </a>
        </div>
      </div>
    </Page>
  );
}

/** What "/" shows for the signed-in person. */
export function StartPage(props: { me: Me }) {
  if (isPerformerAnywhere(props.me)) return <HomePage me={props.me} />;
  const nav = navContext(props.me, '/', rememberedProduction(props.me.id));
  if (nav.productionId && nav.role) return <GoTo to={productionStart(nav.productionId, nav.role)} />;
  return <Welcome />;
}
