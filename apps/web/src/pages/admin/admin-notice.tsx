import { useCurrentUser } from '../../auth/session-context';
import { href, paths } from '../../router/hash-router';

export interface Notice {
  text: string;
  tone: 'success' | 'info' | 'warning';
  /** The change is an event of the admin chain (管理操作). */
  audited?: boolean;
}

/**
 * Where an admin change can be checked afterwards: 审计轨迹 → 管理操作 is the auditors' view, so an
 * admin who is not also an auditor is told where it is rather than sent to a page they cannot open.
 */
export function AdminChainNote() {
  const user = useCurrentUser();
  return user.has('auditor') ? (
    <>
      已记入 <a href={href(paths.audit('admin'))}>管理操作</a> 审计链。
    </>
  ) : (
    <>已记入管理操作审计链（审计人员可在“审计轨迹 → 管理操作”中查看）。</>
  );
}

export function AdminNotice({ notice, testId }: { notice: Notice | null; testId: string }) {
  if (!notice) return null;
  return (
    <div className={`alert alert-${notice.tone}`} role="status" data-testid={testId}>
      <p>
        {notice.text}
        {notice.audited && (
          <>
            {' '}
            <AdminChainNote />
          </>
        )}
      </p>
    </div>
  );
}
