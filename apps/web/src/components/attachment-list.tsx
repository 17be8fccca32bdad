import { useEffect, useState } from 'react';
import { fetchAttachment } from '../api/rectify-api';
import { saveFile } from '../api/save-file';
import type { Attachment } from '../api/types';
import { explainProblem } from '../i18n/problem-text';
import { formatSize } from './payload-text';

const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'application/pdf']);

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': '图片',
  'image/jpeg': '图片',
  'application/ofd': 'OFD',
  'application/msword': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
};

/** The file's bytes as a blob: URL for a preview. */
async function objectUrl(attachment: Attachment): Promise<string> {
  return URL.createObjectURL(await fetchAttachment(attachment.id));
}

function Preview({ attachment }: { attachment: Attachment }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let revoked = false;
    let made: string | null = null;
    void objectUrl(attachment).then((u) => {
      if (revoked) URL.revokeObjectURL(u);
      else setUrl((made = u));
    });
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [attachment]);
  if (!url) return <p className="muted">正在加载预览…</p>;
  return attachment.mediaType === 'application/pdf' ? (
    <iframe className="attachment-preview" src={url} title={`预览：${attachment.name}`} />
  ) : (
    <img className="attachment-preview" src={url} alt={attachment.name} />
  );
}

/** Evidence files with their type and size, a preview for photos and PDFs, and a download. */
export function AttachmentList({ items, onRemove }: { items: Attachment[]; onRemove?: (a: Attachment) => void }) {
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download(attachment: Attachment) {
    setError(null);
    try {
      saveFile(await fetchAttachment(attachment.id), attachment.name);
    } catch (e) {
      setError(explainProblem(e).message);
    }
  }

  if (!items.length) return <p className="muted">暂无佐证材料。</p>;
  return (
    <>
      <ul className="attachments" aria-label="佐证材料">
        {items.map((a) => (
          <li key={a.id} data-attachment={a.name}>
            <span className="attachment-name">{a.name}</span>{' '}
            <span className="muted">
              {TYPE_LABELS[a.mediaType] ?? a.mediaType} · {formatSize(a.size)}
            </span>{' '}
            {PREVIEWABLE.has(a.mediaType) && (
              <button type="button" className="button button-small" onClick={() => setOpen(open === a.id ? null : a.id)} aria-expanded={open === a.id}>
                {open === a.id ? '收起预览' : '预览'}
              </button>
            )}{' '}
            <button type="button" className="button button-small" onClick={() => void download(a)}>
              下载
            </button>
            {onRemove && (
              <>
                {' '}
                <button type="button" className="button button-small" onClick={() => onRemove(a)} aria-label={`不引用 ${a.name}`}>
                  移除
                </button>
              </>
            )}
            {open === a.id && <Preview attachment={a} />}
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
