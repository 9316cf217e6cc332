import { describe, expect, it } from 'vitest';
import { isUncompressedP256, urlBase64ToUint8Array } from './vapid';

// A P-256 public key in the form servers publish it: base64url, no padding.
const KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

describe('urlBase64ToUint8Array', () => {
  it('decodes a VAPID key to the 65 bytes of an uncompressed P-256 point', () => {
    const bytes = urlBase64ToUint8Array(KEY);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.buffer).toBeInstanceOf(ArrayBuffer);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
    expect(isUncompressedP256(bytes)).toBe(true);
    // The same bytes as Node's own base64url decoder gives.
    expect(Buffer.from(bytes).equals(Buffer.from(KEY, 'base64url'))).toBe(true);
  });

  it('maps the URL-safe alphabet and accepts padding or none', () => {
    expect([...urlBase64ToUint8Array('-_8')]).toEqual([0xfb, 0xff]);
    expect([...urlBase64ToUint8Array('-_8=')]).toEqual([0xfb, 0xff]);
    expect([...urlBase64ToUint8Array('+/8')]).toEqual([0xfb, 0xff]);
    expect([...urlBase64ToUint8Array('AQID')]).toEqual([1, 2, 3]);
    expect([...urlBase64ToUint8Array('AQ')]).toEqual([1]);
    expect(urlBase64ToUint8Array('').length).toBe(0);
  });

  it('refuses text that is not base64', () => {
    expect(() => urlBase64ToUint8Array('not base64!')).toThrow(TypeError);
    expect(() => urlBase64ToUint8Array('A')).toThrow(TypeError);
  });

  it('tells a key from other bytes', () => {
    expect(isUncompressedP256(new Uint8Array(64))).toBe(false);
    expect(isUncompressedP256(new Uint8Array(65))).toBe(false);
  });
});
