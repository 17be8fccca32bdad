import type { SlaRuleChange } from '../../api/types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ruleKey } from './rule-draft';

interface Props {
  removed: SlaRuleChange[];
  nameOf(change: SlaRuleChange): string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** The question before rules disappear: they are named, with the timers they leave running. */
export function RemovalDialog({ removed, nameOf, busy, onConfirm, onCancel }: Props) {
  const timers = removed.reduce((n, c) => n + c.pendingTimers, 0);
  return (
    <ConfirmDialog
      title={`确认删除 ${removed.length} 条时限规则`}
      confirmLabel="确认删除并发布"
      busyLabel="正在发布…"
      danger
      busy={busy}
      testId="removal-dialog"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>发布后，以下规则将不再生效，此后进入这些环节的案件不再计时，也不会预警、超期或升级：</p>
      <ul className="removal-list">
        {removed.map((c) => (
          <li key={ruleKey(c)} data-rule={ruleKey(c)}>
            {nameOf(c)}
          </li>
        ))}
      </ul>
      <p className="muted">{timers > 0 ? `已在计时的 ${timers} 个计时器保持原期限。` : '目前没有按这些规则计时的案件。'}</p>
    </ConfirmDialog>
  );
}
