import { useEffect, useState } from 'react';

/**
 * A number that goes up every `intervalMs` while the page is visible, and at once when the
 * browser tab or window is shown again: effects that depend on it refresh on that cadence.
 */
export function usePolling(intervalMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = Date.now();
    // Focus and visibility often come together: one refresh for both.
    const bump = () => {
      if (document.visibilityState !== 'visible' || Date.now() - last < 2_000) return;
      last = Date.now();
      setTick((t) => t + 1);
    };
    const timer = window.setInterval(bump, intervalMs);
    const onVisible = () => document.visibilityState === 'visible' && bump();
    window.addEventListener('focus', bump);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', bump);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [intervalMs]);
  return tick;
}
