import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  /** What the confirm button says while the change runs. */
  busyLabel?: string;
  testId?: string;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question before a change that is hard to undo; 取消 has the focus. */
export function ConfirmDialog({ title, children, confirmLabel, danger, busy, busyLabel = '正在处理…', testId = 'confirm-dialog', onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    // Focus goes back to the button that opened the question.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) element.showModal();
    cancel.current?.focus();
    return () => {
      element?.close();
      if (opener?.isConnected && !opener.matches(':disabled')) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <div id="confirm-text">{children}</div>
      <div className="form-actions">
        <button type="button" className={`button ${danger ? 'button-danger' : 'button-primary'}`} onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" className="button" ref={cancel} onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </dialog>
  );
}
