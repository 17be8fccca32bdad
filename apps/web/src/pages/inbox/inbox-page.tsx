import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { countCases, listCases, type CaseQuery } from '../../api/rectify-api';
import { ExportButton } from '../../components/export-button';
import type { Case, CaseKind } from '../../api/types';
import { useCurrentUser } from '../../auth/session-context';
import { CaseTable } from '../../components/case-table';
import { ProblemAlert } from '../../components/problem-alert';
import { useAnnounce } from '../../hooks/announcer';
import { KIND_LABELS } from '../../i18n/labels';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, paths } from '../../router/hash-router';
import { tabsFor, type InboxTab } from './inbox-tabs';
import { PageHeading } from '../../components/page-heading';

const LIST_PAGE = 30;

interface Filters {
  kind: CaseKind | '';
  text: string;
}

function queryOf(tab: InboxTab, filters: Filters): CaseQuery {
  return { ...(filters.kind ? { kind: filters.kind } : {}), ...(filters.text ? { text: filters.text } : {}), ...tab.query };
}

/** Per tab: the number of cases, null while counting, or an error. */
type Counts = Record<string, number | null | Error>;

/** Exact counts from /api/cases/count, with the same filters as the lists. */
function useTabCounts(tabs: InboxTab[], filters: Filters, refresh: number): Counts {
  const [counts, setCounts] = useState<Counts>({});
  useEffect(() => {
    const controller = new AbortController();
    setCounts({});
    for (const tab of tabs) {
      countCases(queryOf(tab, filters), controller.signal).then(
        (count) => setCounts((c) => ({ ...c, [tab.id]: count })),
        (error: unknown) => {
          if (!controller.signal.aborted) setCounts((c) => ({ ...c, [tab.id]: error instanceof Error ? error : new Error(String(error)) }));
        },
      );
    }
    return () => controller.abort();
  }, [tabs, filters, refresh]);
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
  loading: boolean;
  problem: Explained | null;
}

export function InboxPage({ tabId }: { tabId?: string }) {
  const user = useCurrentUser();
  const announce = useAnnounce();
  const tabs = useMemo(() => tabsFor(user.roles), [user.roles]);
  const tab = tabs.find((t) => t.id === tabId) ?? tabs[0];
  const [filters, setFilters] = useState<Filters>({ kind: '', text: '' });
  const [draft, setDraft] = useState<Filters>(filters);
  const [refresh, setRefresh] = useState(0);
  const counts = useTabCounts(tabs, filters, refresh);
  const [list, setList] = useState<ListState>({ items: [], cursor: null, loading: true, problem: null });

  async function loadPage(cursor: string | null, signal?: AbortSignal) {
    setList((l) => ({ ...l, loading: true, problem: null }));
    try {
      const page = await listCases(queryOf(tab, filters), cursor, LIST_PAGE, signal);
      setList((l) => ({ items: cursor ? [...l.items, ...page.items] : page.items, cursor: page.nextCursor, loading: false, problem: null }));
      if (cursor) announce(`已加载更多，共 ${page.items.length} 条新记录`);
    } catch (error) {
      if (signal?.aborted) return;
      setList((l) => ({ ...l, loading: false, problem: explainProblem(error) }));
    }
  }

  useEffect(() => {
    const controller = new AbortController();
    setList({ items: [], cursor: null, loading: true, problem: null });
    void loadPage(null, controller.signal);
    return () => controller.abort();
    // loadPage reads the same tab and filters; these are what a reload depends on.
  }, [tab.id, filters, refresh]);

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    setFilters({ kind: draft.kind, text: draft.text.trim() });
  }

  const kindFixed = tab.query.kind !== undefined;
  const total = counts[tab.id];

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-head">
        <PageHeading id="inbox-title">
          我的待办
        </PageHeading>
        <div className="page-actions">
          {queryOf(tab, filters).kind !== 'accountability' && <ExportButton query={queryOf(tab, filters)} />}
          <button type="button" className="button" onClick={() => setRefresh((r) => r + 1)}>
            刷新
          </button>
        </div>
      </div>
      <nav className="tabs" aria-label="待办分类">
        {tabs.map((t) => (
          <a key={t.id} href={href(paths.inbox(t.id))} className="tab" aria-current={t.id === tab.id ? 'page' : undefined}>
            {t.label}
            <TabCount count={counts[t.id]} />
          </a>
        ))}
      </nav>
      <form className="filters" onSubmit={applyFilters} role="search" aria-label="筛选案件">
        {!kindFixed && (
          <div className="field field-inline">
            <label htmlFor="filter-kind">类别</label>
            <select
              id="filter-kind"
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value as Filters['kind'] })}
            >
              <option value="">全部类别</option>
              {Object.entries(KIND_LABELS).map(([kind, label]) => (
                <option key={kind} value={kind}>
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
          <button type="button" className="button" onClick={() => void loadPage(list.cursor)}>
            加载更多
          </button>
        )}
      </div>
    </section>
  );
}
