// Screens load on demand (issue 14, PWA): each role's screens are their own
// chunks, so a performer's first screen fetches only what it shows. The
// service worker precaches every chunk, so any screen still opens offline.
// A screen's code comes with the rest of the messages (i18n/more.ts).
// While a screen's code arrives the page shows calm skeleton rows with a
// status label; a failed load says so and offers to try again.
import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadMessages, t } from '../i18n';
import { Button, SkeletonRows } from './ui';

type Loader<P> = { (): Promise<ComponentType<P>> };

/** A component whose code is fetched the first time it renders (then kept). */
export function lazy<P extends object>(load: Loader<P>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const start = () => {
    pending ??= Promise.all([load(), loadMessages()]).then(
      ([c]) => (loaded = c),
      (err: unknown) => {
        pending = null;
        throw err;
      },
    );
    return pending;
  };
  function Lazy(props: P) {
    const [failed, setFailed] = useState(false);
    const [, setReady] = useState(0);
    useEffect(() => {
      if (loaded || failed) return;
      let live = true;
      start().then(
        () => live && setReady((n) => n + 1),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [failed]);
    if (loaded) return h(loaded, props);
    if (failed) {
      return (
        <div class="page" role="alert">
          <p class="muted">{t('common.screenFailed')}</p>
          <Button variant="secondary" onClick={() => setFailed(false)}>
            {t('common.retry')}
          </Button>
        </div>
      );
    }
    return (
      <div class="page">
        <SkeletonRows count={3} label={t('common.loading')} />
      </div>
    );
  }
  return Lazy;
}
