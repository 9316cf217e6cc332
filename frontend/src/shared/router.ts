// A tiny client-side router: the current location as a store, navigate(),
// and path matching with :params. Links are plain <a href> elements handled by
// a document-level click listener (see installLinkHandler).
import { createStore } from './store';

/** The part of the location the app routes on. */
export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

/** The current location; updated by navigate() and the back/forward buttons. */
export const location = createStore<Location>(
  typeof window === 'undefined' ? { path: '/', query: new URLSearchParams() } : current(),
);

/**
 * Goes to an in-app path (which may carry a query string). keepScroll stays
 * where the page is (a filter changing the query of the same screen).
 */
export function navigate(to: string, opts: { replace?: boolean; keepScroll?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  location.set(current());
  if (!opts.keepScroll) window.scrollTo(0, 0);
}

/** Keeps the location store in step with history and routes same-origin link clicks. */
export function installLinkHandler(): void {
  window.addEventListener('popstate', () => location.set(current()));
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (!target || target.target || target.hasAttribute('download')) return;
    const url = new URL(target.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    // In-page anchors (the skip link) keep the browser's own behaviour.
    if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}

/**
 * Matches path against a pattern like "/productions/:id" and returns the
 * decoded params, or null when it does not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

/**
 * Returns next when it is a path inside this app, else fallback: a "next"
 * query parameter must never send someone to another site.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.startsWith('/api/')) return fallback;
  return next;
}

/** Builds a path with a ?next= parameter. */
export function withNext(path: string, next: string): string {
  return `${path}?${new URLSearchParams({ next }).toString()}`;
}
