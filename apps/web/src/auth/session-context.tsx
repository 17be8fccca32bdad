import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { configureClient } from '../api/http-client';
import type { LoginResponse, Role } from '../api/types';
import { clearSessionCaches } from '../api/session-caches';
import { clearSession, loadSession, saveSession, SESSION_KEY, type Session } from './session-store';

interface SessionState {
  session: Session | null;
  /** Why the user is looking at the login page, e.g. an expired session. */
  notice: string | null;
  signIn(response: LoginResponse): void;
  signOut(notice?: string): void;
}

const SessionContext = createContext<SessionState | null>(null);

const EXPIRED = '登录已过期或已失效，请重新登录。';
const ELSEWHERE = '您已在本浏览器的其他窗口退出登录。';
/** setTimeout's longest delay; a longer session is checked again then. */
const MAX_DELAY = 2_147_483_647;
let signOutSession: (why: string) => void = () => undefined;

// Configured when the module loads, not in an effect: children's effects run before their
// parent's, so on a reload the inbox and case pages would otherwise ask without the stored token,
// get 401 and sign the user out.
configureClient({
  token: () => loadSession()?.token ?? null,
  onUnauthenticated: () => {
    clearSession();
    clearSessionCaches();
    signOutSession(EXPIRED);
  },
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionRef = useRef(session);
  useEffect(() => {
    sessionRef.current = session;
  }, [session]);

  const signOut = useCallback((why?: string) => {
    clearSession();
    clearSessionCaches();
    setSession(null);
    setNotice(why ?? null);
  }, []);

  const signIn = useCallback((response: LoginResponse) => {
    const next = { token: response.accessToken, user: response.user, expiresAt: Date.now() + response.expiresIn * 1000 };
    clearSessionCaches();
    saveSession(next);
    setNotice(null);
    setSession(next);
  }, []);

  // The token's end is the session's end, whether or not a request notices it first.
  useEffect(() => {
    if (!session) return;
    const left = session.expiresAt - Date.now();
    const timer = window.setTimeout(() => {
      if (Date.now() >= session.expiresAt) signOut(EXPIRED);
      else setSession({ ...session });
    }, Math.min(Math.max(left, 0), MAX_DELAY));
    return () => window.clearTimeout(timer);
  }, [session, signOut]);

  // Every tab of the browser holds the same session: a sign-out (or another person's sign-in) in one applies to all.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_KEY && event.key !== null) return;
      const stored = loadSession();
      const current = sessionRef.current;
      if (stored?.token === current?.token) return;
      clearSessionCaches();
      setNotice(!stored && current ? (current.expiresAt <= Date.now() ? EXPIRED : ELSEWHERE) : null);
      setSession(stored);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  useEffect(() => {
    signOutSession = signOut;
  }, [signOut]);

  const value = useMemo(() => ({ session, notice, signIn, signOut }), [session, notice, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user; only for components rendered behind the login gate. */
export function useCurrentUser(): Session['user'] & { has(role: Role): boolean } {
  const user = useSession().session?.user;
  return useMemo(() => {
    if (!user) throw new Error('useCurrentUser without a session');
    return { ...user, has: (role: Role) => user.roles.includes(role) };
  }, [user]);
}
