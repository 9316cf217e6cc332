import { describe, expect, it, vi } from 'vitest';
import { configLoader, NO_CONFIG } from './config';
import { call } from '../api/problem';
import type { PublicConfig } from '../api/types';

const answer = (status: number, body: unknown) =>
  call<PublicConfig>(
    Promise.resolve({
      data: status === 200 ? (body as PublicConfig) : undefined,
      error: status === 200 ? undefined : body,
      response: new Response(JSON.stringify(body), { status }),
    }),
  );

describe('public configuration', () => {
  it('assumes no e-mail until the server answers', () => {
    const { store } = configLoader(() => answer(200, { emailEnabled: true }));
    expect(store.get()).toEqual(NO_CONFIG);
  });

  it('takes emailEnabled from the answer, and asks only once', async () => {
    const fetchConfig = vi.fn(() => answer(200, { emailEnabled: true }));
    const { store, load } = configLoader(fetchConfig);
    const seen: boolean[] = [];
    store.subscribe((c) => seen.push(c.emailEnabled));
    const [a, b] = await Promise.all([load(), load()]);
    await load();
    expect(a).toEqual({ loaded: true, emailEnabled: true });
    expect(b).toBe(a);
    expect(store.get()).toEqual({ loaded: true, emailEnabled: true });
    expect(fetchConfig).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([true]);
  });

  it('falls back to no e-mail when the server fails, answers oddly, or cannot be reached', async () => {
    for (const fetchConfig of [
      () => answer(500, { status: 500, title: 'Internal Server Error' }),
      () => answer(200, { emailEnabled: 'yes' }),
      () => answer(200, null),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ]) {
      const { store, load } = configLoader(fetchConfig);
      await expect(load()).resolves.toEqual({ loaded: true, emailEnabled: false });
      expect(store.get()).toEqual({ loaded: true, emailEnabled: false });
    }
  });

  it('reads an answer that never reached the server as no e-mail too', async () => {
    const { load } = configLoader(() => call<PublicConfig>(Promise.reject(new TypeError('offline'))));
    await expect(load()).resolves.toEqual({ loaded: true, emailEnabled: false });
  });
});
