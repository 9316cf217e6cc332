// The inbox. Notifications arrive in a later issue; for now it says so calmly.
import { t } from '../i18n';
import { Page } from '../shared/ui';

/** The placeholder inbox. */
export function InboxPage() {
  return (
    <Page title={t('inbox.title')}>
      <div class="empty">
        <h2 class="empty-title">{t('inbox.empty')}</h2>
        <p class="muted">{t('inbox.emptyBody')}</p>
      </div>
    </Page>
  );
}
