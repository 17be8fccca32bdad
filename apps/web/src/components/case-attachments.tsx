import { useEffect, useState } from 'react';
import { listAttachments } from '../api/rectify-api';
import type { Attachment, CaseDetail } from '../api/types';
import { useSession } from '../auth/session-context';
import { AttachmentList } from './attachment-list';
import { AttachmentUpload } from './attachment-upload';

const MAY_ATTACH = ['inspector', 'supervisor', 'unit_officer', 'hotline_agent'];

/** The case's 佐证材料: every file added to it, and an upload for those who work the case. */
export function CaseAttachments({ item }: { item: CaseDetail }) {
  const { session } = useSession();
  const [items, setItems] = useState<Attachment[] | null>(null);
  useEffect(() => {
    let live = true;
    void listAttachments(item.id).then((list) => live && setItems(list), () => live && setItems([]));
    return () => {
      live = false;
    };
  }, [item.id, item.version]);
  const canUpload = item.state !== 'closed' && (session?.user.roles ?? []).some((r) => MAY_ATTACH.includes(r));
  return (
    <section className="panel case-attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">佐证材料</h2>
      {items === null ? <p className="muted">正在加载…</p> : <AttachmentList items={items} />}
      {canUpload && <AttachmentUpload caseId={item.id} label="上传佐证材料" onUploaded={(added) => setItems((list) => [...(list ?? []), ...added])} />}
    </section>
  );
}
