import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { countCases, listCases, type CaseQuery } from '../../api/rectify-api';
import { ExportButton } from '../../components/export-button';
import type { Case, CaseKind, Page } from '../../api/types';
import { useCurrentUser } from '../../auth/session-context';
import { CaseTable } from '../../components/case-table';
import { ProblemAlert } from '../../components/problem-alert';
import { useAnnounce } from '../../hooks/announcer';
import { usePolling } from '../../hooks/use-polling';
import { KIND_LABELS } from '../../i18n/labels';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, navigate, paths } from '../../router/hash-router';
import { rememberInbox } from '../../router/inbox-memory';
import { tabsFor, type InboxTab } from './inbox-tabs';
import { PageHeading } from '../../components/page-heading';

const LIST_PAGE = 30;
/** Inbox tab counts are refreshed this often, and when the browser tab is shown again. */
const COUNT_REFRESH_MS = 30_000;

interface Filters {
  kind: CaseKind | '';
  text: string;
}

/** What the URL keeps of the inbox: the tab, the filters, and how many pages were loaded. */
export interface InboxContext {
  tab?: string;
  kind?: string;
  text?: string;
  pages?: number;
}

const isKind = (kind: string | undefined): kind is CaseKind => !!kind && kind in KIND_LABELS;

function queryOf(tab: InboxTab, filters: Filters): CaseQuery {
  return { ...(filters.kind ? { kind: filters.kind } : {}), ...(filters.text ? { text: filters.text } : {}), ...tab.query };
}

const pageOf = (tab: InboxTab, filters: Filters, cursor: string | null, signal?: AbortSignal): Promise<Page<Case>> =>
  listCases(queryOf(tab, filters), cursor, LIST_PAGE, signal);

/** Per tab: the number of cases, null while counting, or an error. */
type Counts = Record<string, number | null | Error>;

/**
 * Exact counts from /api/cases/count, with the same filters as the lists. A new tab set or
 * filter starts over; a periodic refresh keeps the numbers on screen until the new ones arrive.
 */
function useTabCounts(tabs: InboxTab[], filters: Filters, refresh: number, tick: number): Counts {
  const [counts, setCounts] = useState<Counts>({});
  const basis = useRef<string>('');
  useEffect(() => {
    const controller = new AbortController();
    const key = JSON.stringify([tabs.map((t) => t.id), filters, refresh]);
    if (basis.current !== key) setCounts({});
    basis.current = key;
    for (const tab of tabs) {
      countCases(queryOf(tab, filters), controller.signal).then(
        (count) => !controller.signal.aborted && setCounts((c) => ({ ...c, [tab.id]: count })),
        (error: unknown) => {
          if (!controller.signal.aborted) setCounts((c) => ({ ...c, [tab.id]: error instanceof Error ? error : new Error(String(error)) }));
        },
      );
    }
    return () => controller.abort();
  }, [tabs, filters, refresh, tick]);
  return counts;
}

function TabCount({ count }: { count: number | null | Error | undefined }) {
  if (count instanceof Error) {
    return (
      <span className="tab-count" title="数量暂时无法统计">
        ?<span className="visually-hidden">（数量暂时无法统计）</span>
      </span>
    );
  }
  if (count === null || count === undefined) {
    return (
      <span className="tab-count">
        …<span className="visually-hidden">（正在统计）</span>
      </span>
    );
  }
  return (
    <span className="tab-count" data-count={count}>
      {count}
      <span className="visually-hidden"> 件</span>
    </span>
  );
}

interface ListState {
  items: Case[];
  cursor: string | null;
  /** Pages loaded so far (the URL keeps it, so Back restores as many). */
  pages: number;
  loading: boolean;
  problem: Explained | null;
}

export function InboxPage({ context = {} }: { context?: InboxContext }) {
  const user = useCurrentUser();
  const announce = useAnnounce();
  const tabs = useMemo(() => tabsFor(user.roles), [user.roles]);
  const tab = tabs.find((t) => t.id === context.tab) ?? tabs[0];
  const kind = isKind(context.kind) ? context.kind : '';
  const text = (context.text ?? '').trim().slice(0, 100);
  const filters = useMemo<Filters>(() => ({ kind, text }), [kind, text]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [refresh, setRefresh] = useState(0);
  const tick = usePolling(COUNT_REFRESH_MS);
  const counts = useTabCounts(tabs, filters, refresh, tick);
  const [list, setList] = useState<ListState>({ items: [], cursor: null, pages: 0, loading: true, problem: null });
  // Pages to load when the list (re)starts: as many as the URL says were read (Back, reload).
  const wantPages = useRef(1);
  wantPages.current = Math.max(1, Math.min(context.pages ?? 1, 20));

  const here = paths.inbox(context.tab, { kind: filters.kind, text: filters.text, pages: list.pages });
  useEffect(() => {
    rememberInbox(here);
  }, [here]);

  // The filters typed but not applied follow the URL when it changes (Back, a tab link).
  useEffect(() => setDraft(filters), [filters]);

  async function loadPages(from: ListState, count: number, signal?: AbortSignal): Promise<ListState | null> {
    let state = from;
    for (let i = 0; i < count; i++) {
      const page = await pageOf(tab, filters, state.pages === 0 ? null : state.cursor, signal);
      state = { ...state, items: state.pages === 0 ? page.items : [...state.items, ...page.items], cursor: page.nextCursor, pages: state.pages + 1 };
      if (!page.nextCursor) break;
    }
    return signal?.aborted ? null : state;
  }

  useEffect(() => {
    const controller = new AbortController();
    const start: ListState = { items: [], cursor: null, pages: 0, loading: true, problem: null };
    setList(start);
    loadPages(start, wantPages.current, controller.signal).then(
      (state) => state && setList({ ...state, loading: false, problem: null }),
      (error: unknown) => !controller.signal.aborted && setList((l) => ({ ...l, loading: false, problem: explainProblem(error) })),
    );
    return () => controller.abort();
    // loadPages reads the same tab and filters; these are what a reload depends on.
  }, [tab.id, filters, refresh]);

  async function loadMore() {
    setList((l) => ({ ...l, loading: true, problem: null }));
    try {
      const before = list.items.length;
      const state = await loadPages(list, 1);
      if (!state) return;
      setList({ ...state, loading: false, problem: null });
      announce(`已加载更多，共 ${state.items.length - before} 条新记录`);
      // The URL remembers how far the list was read; no history entry per page.
      navigate(paths.inbox(context.tab, { kind: filters.kind, text: filters.text, pages: state.pages }), { replace: true });
    } catch (error) {
      setList((l) => ({ ...l, loading: false, problem: explainProblem(error) }));
    }
  }

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    const next = { kind: draft.kind, text: draft.text.trim() };
    if (next.kind === filters.kind && next.text === filters.text) setRefresh((r) => r + 1);
    else navigate(paths.inbox(context.tab, next));
  }

  const kindFixed = tab.query.kind !== undefined;
  const total = counts[tab.id];
  const query = queryOf(tab, filters);

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-head">
        <PageHeading id="inbox-title">
          我的待办
        </PageHeading>
        <div className="page-actions">
          {query.kind !== 'accountability' && <ExportButton query={query} />}
          <button type="button" className="button" onClick={() => setRefresh((r) => r + 1)}>
            刷新
          </button>
        </div>
      </div>
      <nav className="tabs" aria-label="待办分类">
        {tabs.map((t) => (
          <a key={t.id} href={href(paths.inbox(t.id, { kind: filters.kind, text: filters.text }))} className="tab" aria-current={t.id === tab.id ? 'page' : undefined} data-tab={t.id}>
            {t.label}
            <TabCount count={counts[t.id]} />
          </a>
        ))}
      </nav>
      <form className="filters" onSubmit={applyFilters} role="search" aria-label="筛选案件">
        {!kindFixed && (
          <div className="field field-inline">
            <label htmlFor="filter-kind">类别</label>
            <select id="filter-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Filters['kind'] })}>
              <option value="">全部类别</option>
              {Object.entries(KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field field-inline field-grow">
          <label htmlFor="filter-text">关键字</label>
          <input
            id="filter-text"
            type="search"
            placeholder="编号或标题"
            value={draft.text}
            maxLength={100}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
        </div>
        <button type="submit" className="button">
          查询
        </button>
      </form>
      <ProblemAlert explained={list.problem} onReload={() => setRefresh((r) => r + 1)} />
      {list.items.length > 0 && <CaseTable caption={`${tab.label}：案件列表`} items={list.items} />}
      {!list.loading && !list.problem && list.items.length === 0 && <p className="empty">暂无案件。</p>}
      <div className="list-foot">
        {list.items.length > 0 && typeof total === 'number' && (
          <span className="muted" data-testid="list-progress">
            已显示 {list.items.length} 件，共 {Math.max(total, list.items.length)} 件
          </span>
        )}
        <span className="muted" aria-live="polite">
          {list.loading ? '正在加载…' : ''}
        </span>
        {!list.loading && list.cursor && (
          <button type="button" className="button" onClick={() => void loadMore()}>
            加载更多
          </button>
        )}
      </div>
    </section>
  );
}
