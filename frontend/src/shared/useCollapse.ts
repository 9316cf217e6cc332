// The top bar collapses while reading (issue 13): scrolling down hides it,
// scrolling up (or reaching the top) shows it again. The action bar and the
// tabs stay. When reduced motion is asked for nothing moves: the bar stays.
import { useEffect, useState } from 'preact/hooks';
import { useMedia } from './useMedia';

/** How far (px) the page must move in one direction before the bar changes. */
const SLACK = 12;

/**
 * Whether the top bar should be hidden now, given the last scroll position,
 * the new one, the bar's height and whether it is hidden: hidden after
 * scrolling down past the bar, shown after scrolling up or near the top.
 */
export function nextHidden(prev: number, y: number, barHeight: number, hidden: boolean): boolean {
  if (y <= barHeight) return false;
  if (y - prev > SLACK) return true;
  if (prev - y > SLACK) return false;
  return hidden;
}

/** Whether the top bar is collapsed; always false with reduced motion, or while focus is in the bar. */
export function useTopbarCollapsed(bar: () => HTMLElement | null): boolean {
  const still = useMedia('(prefers-reduced-motion: reduce)');
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    if (still) {
      setHidden(false);
      return;
    }
    let last = window.scrollY;
    let state = false;
    const onScroll = () => {
      const y = window.scrollY;
      const el = bar();
      if (Math.abs(y - last) <= SLACK && y > (el?.offsetHeight ?? 56)) return;
      const focused = !!el && el.contains(document.activeElement);
      const next = focused ? false : nextHidden(last, y, el?.offsetHeight ?? 56, state);
      last = y;
      if (next !== state) {
        state = next;
        setHidden(next);
      }
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [still]);
  return hidden && !still;
}
