// The Coverage tab (producers). The full coverage dashboard comes later; until
// then it points to the scene list, which shows consent counts per scene.
import { t } from '../i18n';
import { Page } from '../shared/ui';
import { scenePath } from '../scenes/data';

/** The coverage placeholder. */
export function CoveragePage(props: { productionId: string }) {
  return (
    <Page title={t('coverage.title')}>
      <div class="empty">
        <h2 class="empty-title">{t('coverage.soon')}</h2>
        <p class="muted">{t('coverage.soonBody')}</p>
      </div>
      <a class="btn btn-secondary" href={scenePath(props.productionId)}>
        {t('coverage.toScenes')}
      </a>
    </Page>
  );
}
