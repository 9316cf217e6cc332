// Entry point: theme, routing, the session restore, the unread count and the
// service worker.
import { render } from 'preact';
import { App } from './app';
import { api, session } from './api/client';
import { restoreSession, resumeOnline, sessionState } from './auth/session';
import { installOfflineWatch, offlineMiddleware, offlineUserMiddleware } from './offline/status';
import { flushOutbox, installOutbox } from './offline/outbox';
import { configureSavedReads } from './offline/saved';
import { productionGoneMiddleware } from './productions/gone';
import { installLinkHandler } from './shared/router';
import { installWorkerMessages } from './push/messages';
import { installUnreadWatch } from './inbox/unread';
import { installTheme } from './shared/theme';
import { loadConfig } from './shared/config';
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
// Screens read what was saved on this device for whoever is signed in here,
// at once, while the network answers (saved first, network second).
configureSavedReads(signedInUser);
api.use(offlineMiddleware);
api.use(offlineUserMiddleware(signedInUser));
// A 404 for a production: the person was removed, left, or it is gone; what
// this device saved of it is deleted (rule 13).
api.use(productionGoneMiddleware());
installOfflineWatch();
installOutbox(liveUser, resumeOnline);
sessionState.subscribe(() => {
  const user = liveUser();
  if (user) void flushOutbox(user);
});
// The Inbox badge and the app icon's badge follow the unread count.
installUnreadWatch(liveUser, (listener) => {
  sessionState.subscribe(listener);
  listener();
});
// Someone this device remembers is signed in at once from what was saved, so
// their screens render saved data straight away; the refresh and /me run in
// the background (auth/session.ts).
void restoreSession();
// Whether the server sends e-mail ("Forgot password?", invites sent, the e-mail setting); nothing waits for it.
void loadConfig();
// Someone this device does not remember sees only "restoring" until the
// server answers: the first render waits until the session's refresh has
// gone out (it waits for the refresh lock, a task of its own), at most
// 100 ms, so that the request leaves before the first layout and paint rather
// than after them (issue 14, first render). Someone it remembers sees their
// saved screens at once.
let started = false;
const start = () => {
  if (started) return;
  started = true;
  session.onRefreshSending = undefined;
  render(<App />, document.getElementById('app')!);
};
if (sessionState.get().status === 'restoring') {
  const latest = setTimeout(start, 100);
  session.onRefreshSending = () => {
    clearTimeout(latest);
    setTimeout(start, 0); // the next task: the request has been handed to fetch by then
  };
} else start();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // The service worker sends an open window to a tapped notification's page
  // and tells it when a push arrives.
  installWorkerMessages();
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // The app works without it (no offline shell, no push).
    });
  };
  // Registered once the page has loaded and the session is known (or after
  // 5 s): on a slow link the worker's precache (every chunk) must not hold
  // up the first screen's own requests (issue 14).
  window.addEventListener('load', () => {
    if (sessionState.get().status !== 'restoring') return register();
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      stop();
      clearTimeout(timer);
      register();
    };
    const stop = sessionState.subscribe((s) => {
      if (s.status !== 'restoring') once();
    });
    const timer = setTimeout(once, 5000);
  });
}
