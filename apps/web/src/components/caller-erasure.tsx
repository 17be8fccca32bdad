import { useState, type FormEvent } from 'react';
import { eraseCallerData } from '../api/rectify-api';
import type { CaseDetail } from '../api/types';
import { useAnnounce } from '../hooks/announcer';
import { explainProblem, type Explained } from '../i18n/problem-text';
import { FormField, fieldAria } from './form-field';
import { ProblemAlert } from './problem-alert';

/**
 * 依法删除来电人信息: an admin erases a closed order's caller name and phone (retention expiry, a
 * court order); the trail keeps only their salted HMACs and stays valid, the erasure is audited.
 */
export function CallerErasure({ item, onDone }: { item: CaseDetail; onDone: (text: string) => void }) {
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Explained | null>(null);
  if (item.kind !== 'hotline' || item.state !== 'closed' || item.fields.callerErasedAt || !(item.fields.callerName || item.fields.callerPhone)) return null;

  const tooShort = reason.trim().length < 4;
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (tooShort) return;
    setBusy(true);
    setProblem(null);
    try {
      await eraseCallerData(item.id, reason.trim());
      const text = '来电人姓名和电话已删除，删除操作已记入管理操作审计链';
      announce(text);
      setOpen(false);
      onDone(text);
    } catch (error) {
      setProblem(explainProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="erasure-title">
      <h2 id="erasure-title">来电人个人信息</h2>
      <p className="muted">保存期限届满或依法要求删除时，可删除本工单来电人的姓名和电话。审计链中只有其加盐哈希，删除后审计链仍然完整有效。删除不可恢复。</p>
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          依法删除来电人信息
        </button>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormField id="erasure-reason" label="删除依据" required hint="例如：保存期限届满（结案满 3 年）；将记入管理操作审计链" errors={problem?.fieldErrors.reason}>
            <textarea {...fieldAria('erasure-reason', problem?.fieldErrors.reason, '删除依据说明')} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-required />
          </FormField>
          <div className="form-actions">
            <button type="submit" className="button button-danger" disabled={busy || tooShort}>
              确认删除
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)} disabled={busy}>
              取消
            </button>
          </div>
          <ProblemAlert explained={problem} />
        </form>
      )}
    </section>
  );
}
