// A hook that loads data for a screen and tracks loading, success and failure.
// Saved first, network second: given a way to read the copies saved on this
// device, a screen shows them at once and its network load replaces them
// when it answers.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isTemporary, type Problem, type Result } from '../api/problem';
import { offlineState } from '../offline/status';
import type { Saved } from '../offline/saved';
import { createStore, useStore } from './store';

/** Where a load stands. */
export type Load<T> =
  | { state: 'loading' }
  | {
      state: 'ok';
      data: T;
      /** When the data was true (ms since the epoch): when its request left, or when its saved copy was saved. */
      asOf: number;
      /** Set when the data is a copy saved on this device that the network has not replaced (yet). */
      savedAt?: number;
    }
  | { state: 'error'; problem: Problem };

/** Options for useLoad. */
export interface LoadOptions<T> {
  /** Reads the same data from what this device saved (offline/saved.ts readSaved), shown until the network answers. */
  saved?: () => Promise<Saved<T>>;
}

/**
 * Bumped when the session is confirmed again after trouble: screens that kept
 * saved or older data meanwhile load it again.
 */
export const reloadKept = createStore(0);

/** Says, in the quiet offline line, that what is on screen is a saved copy from savedAt. */
function tellShowingSaved(savedAt: number): void {
  const now = offlineState.get();
  offlineState.set({ offline: true, savedAt: now.savedAt === null ? savedAt : Math.min(now.savedAt, savedAt) });
}

/**
 * Runs load when deps change; returns its state and a reload function. A
 * reload keeps showing the data already loaded until the new data arrives
 * (no skeleton, no layout shift, focus stays where it is). When the network
 * has no answer or answers with trouble (5xx, 429…), the data on screen —
 * loaded before or saved on this device — stays.
 */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[], options: LoadOptions<T> = {}): [Load<T>, () => void] {
  const [value, setValue] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  const last = useRef<typeof run | null>(null);
  const current = useRef(value);
  current.current = value;
  const saved = useRef(options.saved);
  saved.current = options.saved;

  useEffect(() => {
    let live = true;
    let answered = false;
    const reloading = last.current === run;
    last.current = run;
    const started = Date.now();
    setValue((v) => (reloading && v.state === 'ok' ? v : { state: 'loading' }));

    // The saved copy, at once, unless something is on screen already.
    const readSaved = saved.current;
    const fromDevice: Promise<Saved<T> | null> =
      readSaved && !(reloading && current.current.state === 'ok') ? readSaved().catch(() => null) : Promise.resolve(null);
    void fromDevice.then((s) => {
      if (!live || answered || !s?.result.ok) return;
      const data = s.result.data;
      const at = s.savedAt ?? 0;
      setValue((v) => (v.state === 'ok' ? v : { state: 'ok', data, asOf: at, savedAt: at }));
    });

    void run().then(async (r) => {
      if (!live) return;
      if (r.ok) {
        answered = true;
        setValue({ state: 'ok', data: r.data, asOf: started });
        return;
      }
      const temporary = isTemporary(r.problem.status, r.problem.code);
      const s = temporary ? await fromDevice : null;
      if (!live) return;
      answered = true;
      setValue((v) => {
        if (temporary && v.state === 'ok') {
          if (v.savedAt !== undefined) tellShowingSaved(v.savedAt);
          return v;
        }
        if (s?.result.ok) {
          const at = s.savedAt ?? 0;
          tellShowingSaved(at);
          return { state: 'ok', data: s.result.data, asOf: at, savedAt: at };
        }
        return { state: 'error', problem: r.problem };
      });
    });
    return () => {
      live = false;
    };
  }, [run, round]);

  // The session is back after trouble: load again what was kept meanwhile.
  const kept = useStore(reloadKept);
  const seenKept = useRef(kept);
  useEffect(() => {
    if (kept === seenKept.current) return;
    seenKept.current = kept;
    const v = current.current;
    if ((v.state === 'ok' && v.savedAt !== undefined) || (v.state === 'error' && isTemporary(v.problem.status, v.problem.code))) {
      setRound((n) => n + 1);
    }
  }, [kept]);

  return [value, () => setRound((n) => n + 1)];
}
