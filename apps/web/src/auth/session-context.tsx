import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { configureClient } from '../api/http-client';
import type { LoginResponse, Role } from '../api/types';
import { clearSession, loadSession, saveSession, type Session } from './session-store';

interface SessionState {
  session: Session | null;
  /** Why the user is looking at the login page, e.g. an expired session. */
  notice: string | null;
  signIn(response: LoginResponse): void;
  signOut(notice?: string): void;
}

const SessionContext = createContext<SessionState | null>(null);

const EXPIRED = '登录已过期或已失效，请重新登录。';
let signOutSession: (why: string) => void = () => undefined;

// Configured when the module loads, not in an effect: children's effects run before their
// parent's, so on a reload the inbox and case pages would otherwise ask without the stored token,
// get 401 and sign the user out.
configureClient({
  token: () => loadSession()?.token ?? null,
  onUnauthenticated: () => {
    clearSession();
    signOutSession(EXPIRED);
  },
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((why?: string) => {
    clearSession();
    setSession(null);
    setNotice(why ?? null);
  }, []);

  const signIn = useCallback((response: LoginResponse) => {
    const next = { token: response.accessToken, user: response.user, expiresAt: Date.now() + response.expiresIn * 1000 };
    saveSession(next);
    setNotice(null);
    setSession(next);
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
