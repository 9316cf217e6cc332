// A production's page: its details, its members and (for producers and
// coordinators) the way to the coverage dashboard and to members and invites.
import { t, formatDate } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage } from '../api/problem';
import type { Me } from '../api/types';
import { Button, FormMessage, Page, RoleBadge, SkeletonRows, kindLabel } from '../shared/ui';
import { Detail } from '../shared/details';
import { useLoad } from '../shared/useLoad';
import { MemberList } from './MemberList';
import { coveragePath } from '../producer/data';

/** Shows one production to a member. */
export function ProductionPage(props: { id: string; me: Me }) {
  const path = { params: { path: { productionId: props.id } } };
  const [production, reloadProduction] = useLoad(
    () => call(api.GET('/api/v1/productions/{productionId}', path)),
    [props.id],
  );
  const [members, reloadMembers] = useLoad(
    () => call(api.GET('/api/v1/productions/{productionId}/members', path)),
    [props.id],
  );

  if (production.state === 'error') {
    const notFound = production.problem.status === 404;
    return (
      <Page title={notFound ? t('common.notFoundTitle') : t('production.loadError')}>
        <FormMessage message={notFound ? t('production.notFound') : problemMessage(production.problem)} />
        {notFound ? (
          <a class="btn btn-secondary" href="/">
            {t('common.goHome')}
          </a>
        ) : (
          <Button variant="secondary" onClick={reloadProduction}>
            {t('common.retry')}
          </Button>
        )}
      </Page>
    );
  }

  const p = production.state === 'ok' ? production.data : null;
  const title = p?.title ?? props.me.memberships.find((m) => m.productionId === props.id)?.productionTitle;
  return (
    <Page title={title ?? t('common.loading')}>
      <section class="section" aria-labelledby="details-heading">
        <h2 id="details-heading" class="section-title">
          {t('production.details')}
        </h2>
        {p ? (
          <dl class="details">
            <Detail label={t('production.yourRole')}>
              <RoleBadge role={p.role} />
            </Detail>
            <Detail label={t('production.kind')}>{kindLabel(p.kind)}</Detail>
            <Detail label={t('production.timezone')}>{p.timezone.replace(/_/g, ' ')}</Detail>
            <Detail label={t('production.notice')}>{t('production.noticeValue', { hours: p.noticeHours })}</Detail>
            <Detail label={t('production.created')}>{formatDate(p.createdAt)}</Detail>
          </dl>
        ) : (
          <SkeletonRows count={2} />
        )}
      </section>

      <section class="section" aria-labelledby="members-heading">
        <h2 id="members-heading" class="section-title">
          {t('production.members')}
        </h2>
        {members.state === 'loading' ? <SkeletonRows count={2} /> : null}
        {members.state === 'error' ? (
          <div class="stack">
            <FormMessage message={problemMessage(members.problem)} />
            <Button variant="secondary" onClick={reloadMembers}>
              {t('common.retry')}
            </Button>
          </div>
        ) : null}
        {members.state === 'ok' ? <MemberList members={members.data} meId={props.me.id} /> : null}
        {p && (p.role === 'producer' || p.role === 'coordinator') ? (
          <a class="btn btn-secondary section-button" href={`/productions/${encodeURIComponent(p.id)}/members`} data-testid="members-link">
            {p.role === 'producer' ? t('production.manageMembers') : t('production.manageInvites')}
          </a>
        ) : null}
      </section>

      {p && (p.role === 'producer' || p.role === 'coordinator') ? (
        <>
          <section class="section" aria-labelledby="coverage-heading">
            <h2 id="coverage-heading" class="section-title">
              {t('production.coverage')}
            </h2>
            <p class="muted">{t('production.coverageHint')}</p>
            <a class="btn btn-secondary btn-small" href={coveragePath(p.id)} data-testid="coverage-link">
              {t('production.coverageLink')}
            </a>
          </section>
        </>
      ) : null}
    </Page>
  );
}
