// "My productions": every production the person belongs to, with their role,
// reached from the production switcher ("All productions"). Creating one and
// joining by invite link are quieter, secondary actions (issue 13).
import { t } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage } from '../api/problem';
import { Button, FormMessage, Page, RoleBadge, SkeletonRows, kindLabel } from '../shared/ui';
import { useLoad } from '../shared/useLoad';
import { useStore } from '../shared/store';
import { useEffect } from 'preact/hooks';
import { productionNotice } from './gone';

/** Lists the person's productions; offers to create one. */
export function ProductionsList() {
  const [list, reload] = useLoad(() => call(api.GET('/api/v1/productions')), []);
  // Said once, here: a production this person can no longer see (rule 13).
  const notice = useStore(productionNotice);
  useEffect(() => () => productionNotice.set(null), []);
  return (
    <Page
      title={t('productions.title')}
      actions={
        <>
          <a class="btn btn-secondary" href="/productions/new">
            {t('productions.create')}
          </a>
          <a class="btn btn-quiet" href="/join">
            {t('productions.join')}
          </a>
        </>
      }
    >
      {notice ? (
        <FormMessage
          tone="info"
          message={notice.title ? t('production.goneNotice', { title: notice.title }) : t('production.goneNoticePlain')}
        />
      ) : null}
      {list.state === 'loading' ? <SkeletonRows count={3} /> : null}
      {list.state === 'error' ? (
        <div class="stack">
          <FormMessage message={`${t('productions.loadError')} ${problemMessage(list.problem)}`} />
          <Button variant="secondary" onClick={reload}>
            {t('common.retry')}
          </Button>
        </div>
      ) : null}
      {list.state === 'ok' && list.data.length === 0 ? (
        <div class="empty">
          <h2 class="empty-title">{t('productions.emptyTitle')}</h2>
          <p class="muted">{t('productions.emptyBody')}</p>
        </div>
      ) : null}
      {list.state === 'ok' && list.data.length > 0 ? (
        <ul class="list" aria-label={t('productions.title')}>
          {list.data.map((p) => (
            <li key={p.id}>
              <a class="list-row list-link" href={`/productions/${encodeURIComponent(p.id)}`}>
                <span class="list-main">
                  <span class="list-title">{p.title}</span>
                  <span class="list-sub">{kindLabel(p.kind)}</span>
                </span>
                <RoleBadge role={p.role} />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
