// Messages from the service worker to open windows: "navigate" (a tapped
// notification) and "push" (a notification arrived, so the inbox, its count
// and open check-ins refresh).
import { createStore } from '../shared/store';
import { navigate, safeNext } from '../shared/router';

/** A push that arrived while the app was open. */
export interface PushArrival {
  /** Increases with every push, so a screen can react to each one. */
  seq: number;
  id?: string;
  kind?: string;
}

/** The last push the worker told this window about. */
export const pushArrived = createStore<PushArrival>({ seq: 0 });

/** Listens to the service worker. */
export function installWorkerMessages(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; url?: unknown; id?: unknown; kind?: unknown } | null;
    if (data?.type === 'navigate' && typeof data.url === 'string') navigate(safeNext(data.url, '/'));
    if (data?.type === 'push') {
      pushArrived.set({
        seq: pushArrived.get().seq + 1,
        id: typeof data.id === 'string' ? data.id : undefined,
        kind: typeof data.kind === 'string' ? data.kind : undefined,
      });
    }
  });
}

/** Tells the worker the unread count (it adds one per push until told again). */
export function tellWorkerBadge(count: number): void {
  try {
    navigator.serviceWorker?.controller?.postMessage({ type: 'badge', count });
  } catch {
    // No worker: nothing keeps a badge.
  }
}
