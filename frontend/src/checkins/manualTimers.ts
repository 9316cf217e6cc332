// Timers for tests of the check-in feeds (feed.ts, stream.ts): nothing fires
// until the test says so. Used by tests only.
import type { Timers } from './feed';

/** Manual timers: tick() fires the next pending one and lets promises settle. */
export function manualTimers() {
  const pending: { run: () => void; ms: number }[] = [];
  const timers: Timers = {
    set: (run, ms) => {
      const t = { run, ms };
      pending.push(t);
      return t;
    },
    clear: (h) => {
      const i = pending.indexOf(h as never);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    timers,
    pending,
    async tick() {
      const t = pending.shift();
      t?.run();
      await flush();
      return t?.ms;
    },
    flush,
  };
}
