// Entry point: theme, routing, the session restore and the service worker.
import { render } from 'preact';
import { App } from './app';
import { api } from './api/client';
import { restoreSession, resumeOnline, sessionState } from './auth/session';
import { installOfflineWatch, offlineMiddleware, offlineUserMiddleware } from './offline/status';
import { flushOutbox, installOutbox } from './offline/outbox';
import { installLinkHandler, navigate, safeNext } from './shared/router';
import { installTheme } from './shared/theme';
import './styles.css';

installTheme();
installLinkHandler();
// Withdrawals queued without signal go out when the phone is back online, and
// whenever someone is signed in with a live session (app start, sign-in).
const signedInUser = () => {
  const s = sessionState.get();
  return s.status === 'signed-in' ? s.me.id : null;
};
const liveUser = () => {
  const s = sessionState.get();
  return s.status === 'signed-in' && !s.offline ? s.me.id : null;
};
api.use(offlineMiddleware);
api.use(offlineUserMiddleware(signedInUser));
installOfflineWatch();
installOutbox(liveUser, resumeOnline);
sessionState.subscribe(() => {
  const user = liveUser();
  if (user) void flushOutbox(user);
});
render(<App />, document.getElementById('app')!);
void restoreSession();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // The service worker asks an open window to go to a notification's page.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; url?: string } | null;
    if (data?.type === 'navigate' && typeof data.url === 'string') navigate(safeNext(data.url, '/'));
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // The app works without it (no offline shell, no push).
    });
  });
}
