// What needs the person, behind the Inbox tab's badge and the app icon's
// badge: `needsYou` of GET /notifications/summary (notifications whose task is
// not done yet, issue 13), loaded when someone is signed in, when the app
// comes back to the screen, when a push arrives, when the inbox opens and once
// a minute while shown. Also marks notifications read: from the inbox, and
// when the app opens from a tapped notification (the worker adds
// ?notification=<id> to its url).
import { api } from '../api/client';
import { call } from '../api/problem';
import { newIdempotencyKey } from '../offline/queue';
import { offlineState } from '../offline/status';
import { createStore } from '../shared/store';
import { location, navigate } from '../shared/router';
import { pushArrived, tellWorkerBadge } from '../push/messages';

/** How many notifications still need the person (not done); null when unknown. */
export const needsYouCount = createStore<number | null>(null);

type BadgeNavigator = Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };

function showBadge(count: number): void {
  const nav = navigator as BadgeNavigator;
  const done = count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.();
  done?.catch(() => undefined);
  tellWorkerBadge(count);
}

/** Sets the count (and the app icon's badge). */
export function setNeedsYou(count: number | null): void {
  needsYouCount.set(count);
  showBadge(count ?? 0);
}

let loading: Promise<void> | null = null;
let again = false;

async function loadOnce(): Promise<void> {
  const r = await call(api.GET('/api/v1/notifications/summary'));
  if (r.ok) setNeedsYou(r.data.needsYou);
}

/** Reloads the count from the server (a call during a load makes one more load after it). */
export function refreshNeedsYou(): Promise<void> {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      await loadOnce();
    } while (again);
  })().finally(() => {
    loading = null;
  });
  return loading;
}

/** Marks a notification read on the server, then refreshes the count. */
export async function markNotificationRead(id: string): Promise<boolean> {
  const r = await call(
    api.POST('/api/v1/notifications/{notificationId}/read', {
      params: { path: { notificationId: id }, header: { 'Idempotency-Key': newIdempotencyKey() } },
    }),
  );
  void refreshNeedsYou();
  return r.ok;
}

/**
 * Keeps the count fresh for the person liveUser names (null when nobody is
 * signed in with a live session), and marks a tapped notification read.
 * `onChange` subscribes to session changes.
 */
export function installUnreadWatch(liveUser: () => string | null, onChange: (listener: () => void) => void): void {
  let timer: number | undefined;
  const canAsk = () => liveUser() !== null && !offlineState.get().offline && document.visibilityState === 'visible';
  const refresh = () => {
    if (canAsk()) void refreshNeedsYou();
  };
  const fromLink = () => {
    const id = location.get().query.get('notification');
    if (!id || liveUser() === null) return;
    const q = new URLSearchParams(location.get().query);
    q.delete('notification');
    navigate(location.get().path + (q.toString() ? `?${q.toString()}` : ''), { replace: true });
    void markNotificationRead(id);
  };
  let user: string | null = null;
  onChange(() => {
    const now = liveUser();
    if (now === user) return;
    user = now;
    if (now === null) {
      window.clearInterval(timer);
      timer = undefined;
      setNeedsYou(null);
      return;
    }
    refresh();
    fromLink();
    window.clearInterval(timer);
    timer = window.setInterval(refresh, 60_000);
  });
  location.subscribe(fromLink);
  pushArrived.subscribe(refresh);
  document.addEventListener('visibilitychange', refresh);
}
