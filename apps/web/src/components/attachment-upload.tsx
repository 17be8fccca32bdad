import { useId, useState, type ChangeEvent } from 'react';
import { uploadAttachments } from '../api/rectify-api';
import type { Attachment } from '../api/types';
import { explainProblem } from '../i18n/problem-text';

export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ofd';
const MAX_BYTES = 20 * 1024 * 1024;

/** Picks files and uploads them to the case at once; the parent decides what the uploaded files are for. */
export function AttachmentUpload({ caseId, label, onUploaded }: { caseId: string; label: string; onUploaded: (added: Attachment[]) => void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const input = e.target;
    const files = [...(input.files ?? [])];
    if (!files.length) return;
    const tooBig = files.find((f) => f.size > MAX_BYTES);
    if (tooBig) {
      setError(`“${tooBig.name}”超过 20 MB，无法上传。`);
      input.value = '';
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onUploaded(await uploadAttachments(caseId, files));
    } catch (err) {
      const explained = explainProblem(err);
      const typeRefused = (err as { problem?: { status?: number } }).problem?.status === 415;
      setError(typeRefused ? '只能上传 PDF、JPG/PNG 图片、Word、Excel 或 OFD 文件（按文件内容判断）。' : explained.message);
    } finally {
      setBusy(false);
      input.value = '';
    }
  }

  return (
    <div className="attachment-upload">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" multiple accept={EVIDENCE_ACCEPT} onChange={(e) => void choose(e)} disabled={busy} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="hint">
        {busy ? '正在上传…' : 'PDF、图片、Word、Excel 或 OFD，每个不超过 20 MB'}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
