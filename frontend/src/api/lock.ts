/**
 * The Web Locks name every tab and the service worker hold while refreshing
 * the session, so a rotated refresh cookie is never sent twice (reuse of a
 * rotated token revokes the whole session family on the server).
 */
export const REFRESH_LOCK = 'closedset-auth-refresh';
