import { useEffect, useState } from 'react';
import { listNotices, markNoticesRead, type Notice } from '../../api/notices-api';
import { PageHeading } from '../../components/page-heading';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format/time';
import { useAnnounce } from '../../hooks/announcer';
import { useNotices } from '../../hooks/notices-context';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, paths } from '../../router/hash-router';
import { noticeText } from './notice-text';
import '../../work.css';

interface ListState {
  items: Notice[];
  cursor: string | null;
  loading: boolean;
  problem: Explained | null;
}

const EMPTY: ListState = { items: [], cursor: null, loading: true, problem: null };

/** 通知: what concerns this person (work given to their unit, sent back, awaiting them, late), newest first. */
export function NoticesPage({ unreadOnly }: { unreadOnly: boolean }) {
  const announce = useAnnounce();
  const { refresh, tick, unread } = useNotices();
  const [list, setList] = useState<ListState>(EMPTY);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setList((l) => ({ ...l, loading: true, problem: null }));
    listNotices({ unread: unreadOnly }, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setList({ items: page.items, cursor: page.nextCursor, loading: false, problem: null });
        refresh(page.unread);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setList({ ...EMPTY, loading: false, problem: explainProblem(error) });
      },
    );
    return () => controller.abort();
    // A poll (tick) brings new notices in; the count comes with the list.
  }, [unreadOnly, tick, reload, refresh]);

  async function more() {
    if (!list.cursor) return;
    setList((l) => ({ ...l, loading: true }));
    try {
      const page = await listNotices({ unread: unreadOnly, cursor: list.cursor });
      setList((l) => ({ ...l, items: [...l.items, ...page.items], cursor: page.nextCursor, loading: false }));
    } catch (error) {
      setList((l) => ({ ...l, loading: false, problem: explainProblem(error) }));
    }
  }

  async function markRead(body: { ids: string[] } | { all: true }) {
    try {
      const left = await markNoticesRead(body);
      const ids = 'ids' in body ? new Set(body.ids) : null;
      setList((l) => ({
        ...l,
        items: unreadOnly ? l.items.filter((n) => ids !== null && !ids.has(n.id)) : l.items.map((n) => (ids === null || ids.has(n.id) ? { ...n, read: true } : n)),
      }));
      refresh(left);
      if (!ids) announce('已全部标为已读');
    } catch (error) {
      setList((l) => ({ ...l, problem: explainProblem(error) }));
    }
  }

  return (
    <section aria-labelledby="notices-title">
      <div className="page-head">
        <PageHeading id="notices-title">通知</PageHeading>
        <div className="page-actions">
          <button type="button" className="button" onClick={() => void markRead({ all: true })} disabled={!unread}>
            全部标为已读
          </button>
          <button type="button" className="button" onClick={() => setReload((r) => r + 1)}>
            刷新
          </button>
        </div>
      </div>
      <nav className="tabs" aria-label="通知范围">
        <a className="tab" href={href(paths.notices())} aria-current={!unreadOnly ? 'page' : undefined}>
          全部
        </a>
        <a className="tab" href={href(paths.notices(true))} aria-current={unreadOnly ? 'page' : undefined}>
          未读
          {typeof unread === 'number' && (
            <span className="tab-count" data-count={unread}>
              {unread >= 100 ? '99+' : unread}
              <span className="visually-hidden"> 条</span>
            </span>
          )}
        </a>
      </nav>
      <ProblemAlert explained={list.problem} onReload={() => setReload((r) => r + 1)} />
      {list.items.length > 0 && (
        <ol className="notice-list" aria-label={unreadOnly ? '未读通知' : '全部通知'}>
          {list.items.map((n) => {
            const { tag, text } = noticeText(n);
            return (
              <li key={n.id} className={`notice-item${n.read ? '' : ' notice-unread'}`} data-notice-kind={n.kind} data-read={n.read} data-case-code={n.caseCode}>
                <span className={`notice-tag notice-tag-${n.kind}`}>{tag}</span>
                <div className="notice-body">
                  <p className="notice-text">
                    {!n.read && <span className="visually-hidden">未读：</span>}
                    {text}
                  </p>
                  <p className="notice-case">
                    <a href={href(paths.case(n.caseId))} onClick={() => !n.read && void markRead({ ids: [n.id] })}>
                      {n.caseCode} {n.caseTitle}
                    </a>
                  </p>
                </div>
                <time className="notice-time" dateTime={n.at}>
                  {formatDateTime(n.at)}
                </time>
                {!n.read && (
                  <button type="button" className="button button-small" onClick={() => void markRead({ ids: [n.id] })} aria-label={`将“${n.caseCode} ${text}”标为已读`}>
                    标为已读
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {!list.loading && !list.problem && list.items.length === 0 && <p className="empty">{unreadOnly ? '没有未读通知。' : '最近 30 天没有通知。'}</p>}
      <div className="list-foot">
        <span className="muted" aria-live="polite">
          {list.loading ? '正在加载…' : ''}
        </span>
        {!list.loading && list.cursor && (
          <button type="button" className="button" onClick={() => void more()}>
            加载更多
          </button>
        )}
      </div>
    </section>
  );
}
