import { useEffect, useRef } from 'react';
import type { SlaRuleChange } from '../../api/types';
import { ruleKey } from './rule-draft';

interface Props {
  removed: SlaRuleChange[];
  nameOf(change: SlaRuleChange): string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question before rules disappear: they are named, and 取消 has the focus. */
export function RemovalDialog({ removed, nameOf, busy, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    cancel.current?.focus();
    return () => element?.close();
  }, []);

  const timers = removed.reduce((n, c) => n + c.pendingTimers, 0);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="removal-title"
      aria-describedby="removal-text"
      data-testid="removal-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="removal-title">确认删除 {removed.length} 条时限规则</h2>
      <p id="removal-text">发布后，以下规则将不再生效，此后进入这些环节的案件不再计时，也不会预警、超期或升级：</p>
      <ul className="removal-list">
        {removed.map((c) => (
          <li key={ruleKey(c)} data-rule={ruleKey(c)}>
            {nameOf(c)}
          </li>
        ))}
      </ul>
      <p className="muted">{timers > 0 ? `已在计时的 ${timers} 个计时器保持原期限。` : '目前没有按这些规则计时的案件。'}</p>
      <div className="form-actions">
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy}>
          {busy ? '正在发布…' : '确认删除并发布'}
        </button>
        <button type="button" className="button" ref={cancel} onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </dialog>
  );
}
