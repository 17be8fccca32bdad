import { useNotices } from '../hooks/notices-context';
import { href, paths } from '../router/hash-router';
import '../work.css';

/** 通知 in the header, with the unread count (99+ beyond; the server counts up to 100). */
export function NoticeBell({ current }: { current: boolean }) {
  const { unread } = useNotices();
  const shown = unread === null ? null : unread >= 100 ? '99+' : String(unread);
  return (
    <a
      className="notice-bell"
      href={href(paths.notices())}
      aria-current={current ? 'page' : undefined}
      data-testid="notice-bell"
      data-unread={unread ?? undefined}
    >
      通知
      {shown !== null && unread! > 0 && (
        <span className="notice-count" aria-hidden="true">
          {shown}
        </span>
      )}
      <span className="visually-hidden">{unread === null ? '' : unread > 0 ? `，${shown} 条未读` : '，没有未读通知'}</span>
    </a>
  );
}
