import type { User } from '../api/types';

export interface Session {
  token: string;
  user: User;
  expiresAt: number;
}

/**
 * In localStorage, so a new tab and a reload keep the person signed in until they sign out or
 * the token expires (every tab signs out together); never past `expiresAt`.
 */
export const SESSION_KEY = 'rectify.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (typeof session?.token === 'string' && typeof session.expiresAt === 'number' && session.expiresAt > Date.now()) return session;
    localStorage.removeItem(SESSION_KEY);
    return null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  // Sessions of earlier versions of the console lived in this tab only.
  sessionStorage.removeItem(SESSION_KEY);
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(SESSION_KEY);
}
