// A hook that loads data for a screen and tracks loading, success and failure.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Problem, Result } from '../api/problem';

/** Where a load stands. */
export type Load<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; problem: Problem };

/** Runs load when deps change; returns its state and a reload function. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[]): [Load<T>, () => void] {
  const [value, setValue] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setValue({ state: 'loading' });
    run().then((r) => {
      if (!live) return;
      setValue(r.ok ? { state: 'ok', data: r.data } : { state: 'error', problem: r.problem });
    });
    return () => {
      live = false;
    };
  }, [run, round]);
  return [value, () => setRound((n) => n + 1)];
}
