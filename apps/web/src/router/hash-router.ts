import { useEffect, useState } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'login' }
  | { name: 'inbox'; tab?: string; kind?: string; text?: string; pages?: number }
  | { name: 'notices'; unread?: boolean }
  | { name: 'case'; id: string }
  | { name: 'new-case'; kind: string }
  | { name: 'audit'; tab?: string }
  | { name: 'ledger-import' }
  | { name: 'stats' }
  | { name: 'sla-policy' }
  | { name: 'admin-units' }
  | { name: 'admin-users' }
  | { name: 'admin-calendar'; year?: number }
  | { name: 'admin-timers' }
  | { name: 'duties'; year?: number; unit?: string; item?: number; tab?: string }
  | { name: 'report-cases'; cell: string; label: string; kind?: string }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'login' && parts.length === 1) return { name: 'login' };
  if (parts[0] === 'inbox' && parts.length === 1) {
    const pages = /^\d{1,2}$/.test(params.get('pages') ?? '') ? Number(params.get('pages')) : undefined;
    return { name: 'inbox', tab: params.get('tab') ?? undefined, kind: params.get('kind') ?? undefined, text: params.get('text') ?? undefined, pages };
  }
  if (parts[0] === 'notices' && parts.length === 1) return { name: 'notices', unread: params.get('unread') === '1' };
  if (parts[0] === 'cases' && parts.length === 2) return { name: 'case', id: parts[1] };
  if (parts[0] === 'new' && parts.length === 2) return { name: 'new-case', kind: parts[1] };
  if (parts[0] === 'audit' && parts.length === 1) return { name: 'audit', tab: params.get('tab') ?? undefined };
  if (parts[0] === 'ledger' && parts[1] === 'import' && parts.length === 2) return { name: 'ledger-import' };
  if (parts[0] === 'stats' && parts.length === 1) return { name: 'stats' };
  if (parts[0] === 'admin' && parts[1] === 'sla-policy' && parts.length === 2) return { name: 'sla-policy' };
  if (parts[0] === 'admin' && parts[1] === 'units' && parts.length === 2) return { name: 'admin-units' };
  if (parts[0] === 'admin' && parts[1] === 'users' && parts.length === 2) return { name: 'admin-users' };
  if (parts[0] === 'admin' && parts[1] === 'calendar' && parts.length === 2) {
    return { name: 'admin-calendar', year: /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : undefined };
  }
  if (parts[0] === 'admin' && parts[1] === 'timers' && parts.length === 2) return { name: 'admin-timers' };
  if (parts[0] === 'duties' && parts.length === 1) {
    const number = (name: string) => (/^\d{1,4}$/.test(params.get(name) ?? '') ? Number(params.get(name)) : undefined);
    return { name: 'duties', year: number('year'), unit: params.get('unit') ?? undefined, item: number('item'), tab: params.get('tab') ?? undefined };
  }
  if (parts[0] === 'stats' && parts[1] === 'cases' && parts.length === 2 && params.get('cell')) {
    return { name: 'report-cases', cell: params.get('cell')!, label: params.get('label') ?? '统计对应案件', kind: params.get('kind') ?? undefined };
  }
  return { name: 'not-found', path };
}

export const paths = {
  /** The inbox with its tab, filters and how many pages were loaded: Back and ← 返回待办 restore them. */
  inbox: (tab?: string, q: { kind?: string; text?: string; pages?: number } = {}) => {
    const search = new URLSearchParams(Object.entries({ tab, ...q }).flatMap(([k, v]) => (v === undefined || v === '' || (k === 'pages' && Number(v) <= 1) ? [] : [[k, String(v)]]))).toString();
    return search ? `/inbox?${search}` : '/inbox';
  },
  notices: (unread?: boolean) => (unread ? '/notices?unread=1' : '/notices'),
  case: (id: string) => `/cases/${encodeURIComponent(id)}`,
  newCase: (kind: string) => `/new/${kind}`,
  audit: (tab?: string) => (tab ? `/audit?tab=${encodeURIComponent(tab)}` : '/audit'),
  ledgerImport: () => '/ledger/import',
  stats: () => '/stats',
  slaPolicy: () => '/admin/sla-policy',
  adminUnits: () => '/admin/units',
  adminUsers: () => '/admin/users',
  adminCalendar: (year?: number) => (year ? `/admin/calendar?year=${year}` : '/admin/calendar'),
  adminTimers: () => '/admin/timers',
  duties: (q: { year?: number; unit?: string; item?: number; tab?: string } = {}) => {
    const search = new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
    return search ? `/duties?${search}` : '/duties';
  },
  reportCases: (cell: string, label: string, kind: string) => `/stats/cases?${new URLSearchParams({ cell, label, kind }).toString()}`,
  login: () => '/login',
};

export const href = (path: string) => `#${path}`;

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.location.replace(href(path));
  else window.location.hash = path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
