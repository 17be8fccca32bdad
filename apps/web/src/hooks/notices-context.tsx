import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { countUnreadNotices } from '../api/notices-api';
import { usePolling } from './use-polling';

/** The unread count is asked for this often, and whenever the browser tab is shown again. */
export const NOTICE_POLL_MS = 30_000;

interface Notices {
  /** null until the first answer. */
  unread: number | null;
  /** A count the page already has (after marking read), or a fresh one from the server. */
  refresh(known?: number): void;
  /** Goes up with each poll: pages that show notices reload on it. */
  tick: number;
}

const NoticesContext = createContext<Notices | null>(null);

/** The signed-in person's unread notices, for the header and the notices page (one provider per session). */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const tick = usePolling(NOTICE_POLL_MS);
  const [unread, setUnread] = useState<number | null>(null);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    // A failed poll keeps the last count; the next one tries again.
    countUnreadNotices(controller.signal).then(
      (n) => !controller.signal.aborted && setUnread(n),
      () => undefined,
    );
    return () => controller.abort();
  }, [tick, asked]);

  const refresh = useCallback((known?: number) => {
    if (typeof known === 'number') setUnread(known);
    else setAsked((a) => a + 1);
  }, []);

  const value = useMemo(() => ({ unread, refresh, tick }), [unread, refresh, tick]);
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>;
}

export function useNotices(): Notices {
  const notices = useContext(NoticesContext);
  if (!notices) throw new Error('useNotices outside NoticesProvider');
  return notices;
}
