// Keeps a screen's data fresh: loads again when a push arrives and, when
// asked, now and then while the page is shown (a change may come without a push).
import { useEffect, useRef } from 'preact/hooks';
import { pushArrived } from '../push/messages';
import { useStore } from './store';

/** Calls reload when a push arrives and, given intervalMs, every intervalMs while the page is visible. */
export function useRefresh(reload: () => void, intervalMs?: number): void {
  const arrival = useStore(pushArrived);
  const seen = useRef(arrival.seq);
  useEffect(() => {
    if (arrival.seq === seen.current) return;
    seen.current = arrival.seq;
    reload();
  }, [arrival.seq]);
  useEffect(() => {
    if (intervalMs === undefined) return;
    const timer = window.setInterval(() => document.visibilityState === 'visible' && reload(), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
}
