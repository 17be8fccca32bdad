import { onSessionEnd } from '../api/session-caches';
import { paths } from './hash-router';

const KEY = 'rectify.inbox';

/** The inbox as last seen in this tab (tab, filters, pages loaded): where ← 返回待办 leads. */
export function rememberInbox(path: string): void {
  try {
    sessionStorage.setItem(KEY, path);
  } catch {
    // Storage refused (private mode): the link then leads to the plain inbox.
  }
}

export function lastInboxPath(): string {
  try {
    return sessionStorage.getItem(KEY) ?? paths.inbox();
  } catch {
    return paths.inbox();
  }
}

onSessionEnd(() => {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
});
