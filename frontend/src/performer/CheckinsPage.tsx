// The Check-ins tab (performers). On-set check-ins arrive in a later issue;
// for now the tab says so calmly.
import { t } from '../i18n';
import { Page } from '../shared/ui';

/** The check-ins placeholder. */
export function CheckinsPage() {
  return (
    <Page title={t('checkins.title')}>
      <div class="empty">
        <h2 class="empty-title">{t('checkins.empty')}</h2>
        <p class="muted">{t('checkins.emptyBody')}</p>
      </div>
    </Page>
  );
}
