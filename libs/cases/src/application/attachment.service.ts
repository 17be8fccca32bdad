import { Injectable, Logger } from '@nestjs/common';
import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { Transactions } from '@app/database';
import { Actor, DomainError } from '@app/workflow';
import { cleanFileName, EvidenceMediaType, evidenceTypeOf, mayAttach } from '../domain/evidence.policy';
import { AttachmentRepository, AttachmentRow } from '../persistence/attachment.repository';
import { CaseRepository } from '../persistence/case.repository';
import { PostgresFileStore } from '../persistence/file-store';

/** A file the HTTP edge received and spooled to disk, not yet checked. */
export interface UploadedFile {
  path: string;
  originalName: string;
  size: number;
}

async function headOf(path: string): Promise<Buffer> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, 64, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** 佐证材料: evidence files added to a case, checked by their bytes, stored once by SHA-256. */
@Injectable()
export class AttachmentService {
  private readonly logger = new Logger(AttachmentService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly attachments: AttachmentRepository,
    private readonly files: PostgresFileStore,
  ) {}

  /** All the files or none: each is sniffed first, then all are stored in one transaction. */
  async attach(actor: Actor, caseId: string, uploads: readonly UploadedFile[]): Promise<AttachmentRow[]> {
    const row = await this.cases.findVisible(actor.scope, caseId);
    if (!row) throw DomainError.notFound('case');
    if (!mayAttach(actor, row)) {
      throw DomainError.forbidden('evidence is added by inspectors and supervisors while the case is open, or by the responsible unit while it rectifies');
    }
    if (!uploads.length) throw DomainError.validation([{ field: 'files', code: 'required', message: 'send one or more files' }]);
    const checked: { upload: UploadedFile; name: string; mediaType: EvidenceMediaType }[] = [];
    for (const [i, upload] of uploads.entries()) {
      const name = cleanFileName(upload.originalName);
      if (upload.size === 0) throw DomainError.validation([{ field: `files.${i}`, code: 'required', message: `${name} is empty` }]);
      const mediaType = evidenceTypeOf(await fileTypeFromFile(upload.path), name, await headOf(upload.path));
      if (!mediaType) {
        throw DomainError.refusedContent(415, [
          { field: `files.${i}`, code: 'not_in_list', message: `${name} is not a PDF, JPEG, PNG, Word, Excel or OFD file (judged by its content)` },
        ]);
      }
      checked.push({ upload, name, mediaType });
    }
    return this.transactions.run(async (runner) => {
      const created: AttachmentRow[] = [];
      for (const { upload, name, mediaType } of checked) {
        const { sha256, size } = await this.files.put(runner, upload.path);
        created.push(await this.attachments.insert(runner, { caseId, name, mediaType, size, sha256, uploadedBy: actor.id }));
      }
      return created;
    });
  }

  async list(actor: Actor, caseId: string): Promise<{ items: AttachmentRow[]; nextCursor: null }> {
    if (!(await this.cases.findVisible(actor.scope, caseId))) throw DomainError.notFound('case');
    return { items: await this.attachments.forCase(actor.scope, caseId), nextCursor: null };
  }

  /** The file and its description; outside the caller's scope it does not exist. Every download is logged. */
  async download(actor: Actor, id: string): Promise<{ attachment: AttachmentRow; content: Readable }> {
    const attachment = await this.attachments.findVisible(actor.scope, id);
    if (!attachment) throw DomainError.notFound('attachment');
    this.logger.log({ attachmentId: id, caseId: attachment.caseId, userId: actor.id, username: actor.username, sha256: attachment.sha256 }, 'evidence downloaded');
    return { attachment, content: this.files.open(attachment.sha256) };
  }
}
