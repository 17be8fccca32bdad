import { useEffect, useState } from 'react';
import { listAttachments } from '../api/rectify-api';
import type { Attachment, CaseDetail } from '../api/types';
import { AttachmentList } from './attachment-list';
import { AttachmentUpload } from './attachment-upload';

/** The case's 佐证材料: every file added to it, and an upload for those who work the case. */
export function CaseAttachments({ item }: { item: CaseDetail }) {
  const [items, setItems] = useState<Attachment[] | null>(null);
  useEffect(() => {
    let live = true;
    void listAttachments(item.id).then((list) => live && setItems(list), () => live && setItems([]));
    return () => {
      live = false;
    };
  }, [item.id, item.version]);
  return (
    <section className="panel case-attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">佐证材料</h2>
      {items === null ? <p className="muted">正在加载…</p> : <AttachmentList items={items} />}
      {item.mayAttach && <AttachmentUpload caseId={item.id} label="上传佐证材料" onUploaded={(added) => setItems((list) => [...(list ?? []), ...added])} />}
    </section>
  );
}
