// The current time, re-read every intervalMs while active (for countdowns and
// "saved 5 minutes ago").
import { useEffect, useState } from 'preact/hooks';

/**
 * Date.now(), refreshed every intervalMs while active is true, and at once
 * whenever active or since changes (since: what the time is measured from).
 */
export function useNow(intervalMs: number, active = true, since?: unknown): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, active, since]);
  return now;
}
