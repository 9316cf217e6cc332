// A hook that loads data for a screen and tracks loading, success and failure.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Problem, Result } from '../api/problem';

/** Where a load stands. */
export type Load<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; problem: Problem };

/**
 * Runs load when deps change; returns its state and a reload function. A
 * reload keeps showing the data already loaded until the new data arrives
 * (no skeleton, no layout shift, focus stays where it is).
 */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[]): [Load<T>, () => void] {
  const [value, setValue] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  const last = useRef<typeof run | null>(null);
  useEffect(() => {
    let live = true;
    const reloading = last.current === run;
    last.current = run;
    setValue((v) => (reloading && v.state === 'ok' ? v : { state: 'loading' }));
    run().then((r) => {
      if (!live) return;
      // Without signal, a reload keeps what is on screen rather than an error.
      setValue((v) =>
        r.ok ? { state: 'ok', data: r.data } : reloading && v.state === 'ok' && r.problem.status === 0 ? v : { state: 'error', problem: r.problem },
      );
    });
    return () => {
      live = false;
    };
  }, [run, round]);
  return [value, () => setRound((n) => n + 1)];
}
