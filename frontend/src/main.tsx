// Entry point: theme, routing, the session restore and the service worker.
import { render } from 'preact';
import { App } from './app';
import { restoreSession } from './auth/session';
import { installLinkHandler, navigate, safeNext } from './shared/router';
import { installTheme } from './shared/theme';
import './styles.css';

installTheme();
installLinkHandler();
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
