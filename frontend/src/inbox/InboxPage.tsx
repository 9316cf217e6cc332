// The inbox: every notification, newest first, with the unread count. Tapping
// one marks it read and opens the screen it points to; "Load more" follows the
// server's cursor. A push that arrives while the inbox is open appears on top.
import { useEffect, useState } from 'preact/hooks';
import { t, formatDateTime, type MessageKey } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage } from '../api/problem';
import type { Notification } from '../api/types';
import type { NotificationKind } from '../api/types';
import { Button, FormMessage, Page, SkeletonRows } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useRefresh } from '../shared/useRefresh';
import { useStore } from '../shared/store';
import { safeNext } from '../shared/router';
import { relativeTime } from '../shared/time';
import { newIdempotencyKey } from '../offline/queue';
import { EMPTY_INBOX, loadMore, markRead, mergeFresh, unreadIds, type FetchPage, type InboxState } from './paging';
import { markNotificationRead, refreshUnread, unreadCount } from './unread';

/** Notifications per page. */
export const PAGE_SIZE = 20;

const fetchPage: FetchPage = (cursor) =>
  call(api.GET('/api/v1/notifications', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));

/** A word for each kind of notification; the title and body come from the server and name no person (rule 12). */
export const KINDS: Record<NotificationKind, MessageKey> = {
  'choreography.published': 'inbox.kind.choreography',
  'checkin.requested': 'inbox.kind.checkin',
  'checkin.alert': 'inbox.kind.checkin',
  'debrief.scheduled': 'inbox.kind.debrief',
  'debrief.updated': 'inbox.kind.debrief',
  'consent.declined': 'inbox.kind.consent',
  'consent.withdrawn': 'inbox.kind.consent',
  'scene.blocked': 'inbox.kind.scene',
  'rider.due': 'inbox.kind.rider',
  'footage.review': 'inbox.kind.footage',
};

/** The word for a notification's kind (a kind this version does not know reads as "Update"). */
export function kindLabel(type: string): MessageKey {
  return (KINDS as Record<string, MessageKey>)[type] ?? 'inbox.kind.other';
}

function Row(p: { n: Notification; now: number; onOpen: (n: Notification) => void }) {
  const { n } = p;
  const unread = !n.readAt;
  const when = Date.parse(n.createdAt);
  return (
    <li>
      <a
        class={`list-row list-link inbox-row${unread ? ' inbox-unread' : ''}`}
        href={safeNext(n.url, '/inbox')}
        data-testid="inbox-row"
        onClick={() => p.onOpen(n)}
      >
        <span class="list-main">
          <span class="list-title">{n.title}</span>
          <span class="inbox-body">{n.body}</span>
          <span class="list-sub">
            {t(kindLabel(n.type))} ·{' '}
            <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
              {Number.isNaN(when) ? n.createdAt : relativeTime(when, p.now)}
            </time>
          </span>
        </span>
        {unread ? (
          <span class="inbox-new">
            <span class="inbox-dot" aria-hidden="true" />
            {t('inbox.new')}
          </span>
        ) : null}
      </a>
    </li>
  );
}

/** The inbox screen. */
export function InboxPage() {
  const [first, reload] = useLoad(() => fetchPage(null), []);
  const [state, setState] = useState<InboxState>(EMPTY_INBOX);
  const [more, setMore] = useState(false);
  const [marking, setMarking] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const unread = useStore(unreadCount);
  const now = Date.now();

  useEffect(() => {
    if (first.state === 'ok') setState((s) => mergeFresh(s, first.data));
  }, [first]);

  // A push while the inbox is open: load the newest page again.
  useRefresh(reload);

  function open(n: Notification) {
    // The link navigates at once; the server is told on the side.
    if (!n.readAt) {
      setState((s) => markRead(s, n.id, new Date().toISOString()));
      void markNotificationRead(n.id);
    }
  }

  async function loadNext() {
    setMore(true);
    setMessage(null);
    const r = await loadMore(state, fetchPage);
    setMore(false);
    setState(r.state);
    if (r.problem) setMessage(problemMessage(r.problem));
  }

  async function markAll() {
    setMarking(true);
    setMessage(null);
    let failed = false;
    // Every unread notification, also those on pages not loaded yet.
    for (let round = 0; round < 10 && !failed; round++) {
      const page = await call(api.GET('/api/v1/notifications', { params: { query: { unread: true, limit: 100 } } }));
      if (!page.ok) {
        failed = true;
        break;
      }
      if (page.data.items.length === 0) break;
      for (const n of page.data.items) {
        const r = await call(
          api.POST('/api/v1/notifications/{notificationId}/read', {
            params: { path: { notificationId: n.id }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          }),
        );
        if (!r.ok) {
          failed = true;
          break;
        }
        setState((s) => markRead(s, n.id, new Date().toISOString()));
      }
    }
    setMarking(false);
    await refreshUnread();
    if (failed) setMessage(t('inbox.markAllFailed'));
  }

  const loaded = first.state === 'ok' || state.items.length > 0;
  const shownUnread = unreadIds(state).length + (unread ?? 0);
  return (
    <Page title={t('inbox.title')}>
      {loaded && state.items.length ? (
        <div class="inbox-head">
          <p class="muted" role="status" data-testid="inbox-unread">
            {unread ? t('inbox.unreadCount', { count: unread >= 100 ? '100+' : unread }) : t('inbox.allRead')}
          </p>
          {shownUnread ? (
            <Button variant="secondary" class="btn-small" onClick={markAll} busy={marking}>
              {t('inbox.markAll')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {first.state === 'loading' && !loaded ? <SkeletonRows count={4} /> : null}
      {first.state === 'error' && !loaded ? <LoadError problem={first.problem} onRetry={reload} /> : null}
      {loaded && state.items.length === 0 ? (
        <div class="empty">
          <h2 class="empty-title">{t('inbox.empty')}</h2>
          <p class="muted">{t('inbox.emptyBody')}</p>
        </div>
      ) : null}
      {state.items.length ? (
        <ul class="list" aria-label={t('inbox.listLabel')}>
          {state.items.map((n) => (
            <Row key={n.id} n={n} now={now} onOpen={open} />
          ))}
        </ul>
      ) : null}
      <FormMessage message={message} />
      {state.next !== null ? (
        <Button variant="secondary" class="section-button" onClick={loadNext} busy={more}>
          {more ? t('common.loading') : t('inbox.loadMore')}
        </Button>
      ) : null}
    </Page>
  );
}
