// The reset link's token: read once from the address, then taken out of it
// (and so out of the history) before anything else happens on the page.

/** The token in a query string, or null when there is none. */
export function tokenOf(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token && token.trim() ? token.trim() : null;
}

/** Reads the token from the current address and replaces the address with the bare path. */
export function takeResetToken(): string | null {
  if (typeof window === 'undefined') return null;
  const token = tokenOf(window.location.search);
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}
