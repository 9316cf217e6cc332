// The current time, re-read every intervalMs while active (for countdowns).
import { useEffect, useState } from 'preact/hooks';

/** Date.now(), refreshed every intervalMs while active is true. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
