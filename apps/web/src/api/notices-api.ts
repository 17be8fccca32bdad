import { request } from './http-client';
import type { NoticePage } from './types';

export type { Notice, NoticeKind } from './types';

/** The signed-in person's notices, newest first (the last 30 days); `unread` counts all that are unread. */
export const listNotices = (query: { unread?: boolean; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
  request<NoticePage>('/notices', { query: { unread: query.unread || undefined, cursor: query.cursor, limit: query.limit ?? 30 }, signal });

export const countUnreadNotices = (signal?: AbortSignal) => request<{ unread: number }>('/notices/count', { signal }).then((r) => r.unread);

export const markNoticesRead = (body: { ids: string[] } | { all: true }) => request<{ unread: number }>('/notices/read', { method: 'POST', body }).then((r) => r.unread);
