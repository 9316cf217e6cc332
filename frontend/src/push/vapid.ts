// The VAPID application server key arrives as base64url text (the server's
// uncompressed P-256 public key); PushManager.subscribe wants its bytes.
// Shared by the page and the service worker.

/**
 * Decodes base64url (padding optional; "+" and "/" tolerated) into bytes.
 * Throws a TypeError when the text is not base64.
 */
export function urlBase64ToUint8Array(value: string): Uint8Array<ArrayBuffer> {
  const clean = value.trim().replace(/=+$/, '');
  if (!/^[A-Za-z0-9_\-+/]*$/.test(clean) || clean.length % 4 === 1) throw new TypeError('not base64url');
  const b64 = clean.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(clean.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Whether bytes look like an uncompressed P-256 public key (65 bytes, 0x04 first). */
export function isUncompressedP256(bytes: Uint8Array): boolean {
  return bytes.length === 65 && bytes[0] === 4;
}
