import type { Actor } from '@app/workflow';
import type { CaseRow } from './case-row.type';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 10;

/** What 佐证材料 may be: PDF, photos, Word, Excel and OFD (the national e-document format). */
export const EVIDENCE_MEDIA_TYPES = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ofd: 'application/ofd',
} as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[keyof typeof EVIDENCE_MEDIA_TYPES];

/**
 * The type of a file from what its bytes say (`sniffed`, e.g. file-type's answer), never from its
 * name alone: the name only tells the two legacy Office formats apart, which share one container.
 */
export function evidenceTypeOf(sniffed: { ext: string; mime: string } | undefined, name: string, head: Buffer): EvidenceMediaType | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (!sniffed) return null;
  switch (sniffed.ext) {
    case 'pdf':
    case 'jpg':
    case 'png':
    case 'docx':
    case 'xlsx':
      return EVIDENCE_MEDIA_TYPES[sniffed.ext];
    case 'cfb':
      return ext === 'doc' || ext === 'xls' ? EVIDENCE_MEDIA_TYPES[ext] : null;
    case 'zip':
      return isOfd(head) ? EVIDENCE_MEDIA_TYPES.ofd : null;
    default:
      return null;
  }
}

/** An OFD document is a ZIP package whose first entry is OFD.xml (GB/T 33190). */
function isOfd(head: Buffer): boolean {
  if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50) return false;
  const nameLength = head.readUInt16LE(26);
  return head.subarray(30, 30 + nameLength).toString('latin1') === 'OFD.xml';
}

/**
 * Who may add evidence to a case: inspectors and supervisors while it is open; the responsible
 * unit's officers while it is being rectified (a duty of the responsibility list: from the moment
 * it is due, since its first report is its evidence); hotline agents on an open work order.
 */
export function mayAttach(actor: Actor, row: Pick<CaseRow, 'state' | 'kind' | 'unitId'>): boolean {
  if (row.state === 'closed') return false;
  if (actor.roles.includes('inspector') || actor.roles.includes('supervisor')) return true;
  if (actor.roles.includes('hotline_agent') && row.kind === 'hotline') return true;
  return (
    actor.roles.includes('unit_officer') &&
    (row.state === 'rectifying' || (row.kind === 'obligation' && row.state === 'assigned')) &&
    row.kind !== 'accountability' &&
    row.unitId !== null &&
    actor.unitSubtree.includes(row.unitId)
  );
}

/** A file name safe to keep and to send back: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('').trim();
  return (clean || 'file').slice(0, 255);
}
