// The inbox as a to-do list (issue 13): what needs the person first, what is
// done below as a quiet record; a scene's superseded choreography versions
// collapse into one row; the production is named once per group (inbox/todo.ts).
// Tapping a row marks it read and opens the screen it points to; "Load more"
// follows the server's cursor. A push while the inbox is open appears on top.
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
import { markNotificationRead, needsYouCount, refreshNeedsYou } from './unread';
import { rowCount, toTodo, type InboxGroup, type InboxRow } from './todo';

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

function When(p: { at: string; now: number }) {
  const when = Date.parse(p.at);
  return (
    <time dateTime={p.at} title={formatDateTime(p.at)}>
      {Number.isNaN(when) ? p.at : relativeTime(when, p.now)}
    </time>
  );
}

function Row(p: { row: InboxRow; now: number; onOpen: (n: Notification) => void }) {
  const n = p.row.lead;
  const done = !!n.doneAt;
  const fresh = !n.readAt && !done;
  return (
    <li class={done ? 'inbox-item inbox-done' : 'inbox-item'}>
      <a
        class={`list-row list-link inbox-row${fresh ? ' inbox-unread' : ''}`}
        href={safeNext(n.url, '/inbox')}
        data-testid="inbox-row"
        data-done={done ? 'true' : 'false'}
        onClick={() => p.onOpen(n)}
      >
        <span class="list-main">
          <span class="list-title">{n.body}</span>
          <span class="list-sub">
            {t(kindLabel(n.type))} · <When at={n.createdAt} now={p.now} />
          </span>
        </span>
        {fresh ? (
          <span class="inbox-new">
            <span class="inbox-dot" aria-hidden="true" />
            {t('inbox.new')}
          </span>
        ) : done ? (
          <span class="inbox-done-mark">{t('inbox.doneMark')}</span>
        ) : null}
      </a>
      {p.row.earlier.length ? (
        <details class="inbox-earlier" data-testid="inbox-earlier">
          <summary class="inbox-earlier-summary">{t(p.row.earlier.length === 1 ? 'inbox.earlierOne' : 'inbox.earlierMany', { count: p.row.earlier.length })}</summary>
          <ul class="inbox-earlier-list">
            {p.row.earlier.map((e) => (
              <li key={e.id}>
                <a class="inbox-earlier-link" href={safeNext(e.url, '/inbox')} onClick={() => p.onOpen(e)}>
                  {e.body}
                </a>{' '}
                <span class="muted">
                  <When at={e.createdAt} now={p.now} />
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

function Groups(p: { groups: InboxGroup[]; spans: boolean; label: string; now: number; onOpen: (n: Notification) => void }) {
  if (!p.spans) {
    return (
      <ul class="list" aria-label={p.label}>
        {p.groups.flatMap((g) => g.rows).map((row) => (
          <Row key={row.lead.id} row={row} now={p.now} onOpen={p.onOpen} />
        ))}
      </ul>
    );
  }
  return (
    <>
      {p.groups.map((g) => (
        <div key={g.productionId ?? ''} class="inbox-group">
          <h3 class="inbox-group-title">{g.title}</h3>
          <ul class="list" aria-label={`${p.label}: ${g.title}`}>
            {g.rows.map((row) => (
              <Row key={row.lead.id} row={row} now={p.now} onOpen={p.onOpen} />
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** The inbox screen. */
export function InboxPage() {
  const [first, reload] = useLoad(() => fetchPage(null), []);
  const [state, setState] = useState<InboxState>(EMPTY_INBOX);
  const [more, setMore] = useState(false);
  const [marking, setMarking] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const needsYou = useStore(needsYouCount);
  const now = Date.now();

  useEffect(() => {
    if (first.state === 'ok') setState((s) => mergeFresh(s, first.data));
  }, [first]);
  // The badge counts what needs the person now: ask again when the inbox opens.
  useEffect(() => void refreshNeedsYou(), []);

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
    await refreshNeedsYou();
    if (failed) setMessage(t('inbox.markAllFailed'));
  }

  const loaded = first.state === 'ok' || state.items.length > 0;
  const shownUnread = unreadIds(state).length;
  const todo = toTodo(state.items);
  const needsRows = rowCount(todo.needs);
  const count = needsYou ?? needsRows;
  return (
    <Page title={t('inbox.title')}>
      {loaded && state.items.length ? (
        <div class="inbox-head">
          <p class="muted" role="status" data-testid="inbox-needs">
            {count ? t('inbox.needsCount', { count }) : t('inbox.nothingNeeds')}
            {todo.only ? (
              <>
                {' · '}
                <span data-testid="inbox-production">{todo.only}</span>
              </>
            ) : null}
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
        <section class="section" aria-labelledby="inbox-needs-heading" data-testid="inbox-needs-section">
          <h2 id="inbox-needs-heading" class="section-title">
            {t('inbox.needsTitle')}
          </h2>
          {needsRows ? (
            <Groups groups={todo.needs} spans={todo.spans} label={t('inbox.needsTitle')} now={now} onOpen={open} />
          ) : (
            <p class="muted">{t('inbox.needsEmpty')}</p>
          )}
        </section>
      ) : null}
      {todo.done.length ? (
        <section class="section section-spaced inbox-done-section" aria-labelledby="inbox-done-heading" data-testid="inbox-done-section">
          <h2 id="inbox-done-heading" class="section-title">
            {t('inbox.doneTitle')}
          </h2>
          <Groups groups={todo.done} spans={todo.spans} label={t('inbox.doneTitle')} now={now} onOpen={open} />
        </section>
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
