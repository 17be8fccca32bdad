import { Controller, Get, Param, Post, Res, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { unlink } from 'node:fs/promises';
import os from 'node:os';
import { diskStorage } from 'multer';
import { AttachmentService, EVIDENCE_MEDIA_TYPES, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from '@app/cases';
import type { Actor } from '@app/workflow';
import { CurrentActor } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

/** Uploads are spooled to disk (never held in memory) and refused mid-stream past the size limit. */
const spool = FilesInterceptor('files', MAX_FILES_PER_UPLOAD, {
  storage: diskStorage({ destination: os.tmpdir() }),
  limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES_PER_UPLOAD, fields: 0 },
  defParamCharset: 'utf8',
});

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentService) {}

  @Post('cases/:id/attachments')
  @UseInterceptors(spool)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['files'],
      properties: { files: { type: 'array', maxItems: MAX_FILES_PER_UPLOAD, items: { type: 'string', format: 'binary' } } },
    },
  })
  @ApiContract({ summary: 'Add evidence files (PDF, JPEG, PNG, Word, Excel, OFD; 20 MB each) to a case', status: 201, response: S.AttachmentList, body: true, errors: [404] })
  async upload(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @UploadedFiles() files: Express.Multer.File[] = []) {
    try {
      return await this.attachments.attach(
        actor,
        id,
        files.map((f) => ({ path: f.path, originalName: f.originalname, size: f.size })),
      );
    } finally {
      await Promise.all(files.map((f) => unlink(f.path).catch(() => undefined)));
    }
  }

  @Get('cases/:id/attachments')
  @ApiContract({ summary: "A case's evidence files", response: S.AttachmentPage, errors: [404] })
  list(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.attachments.list(actor, id);
  }

  @Get('attachments/:id')
  @ApiContract({ summary: 'Download an evidence file', response: null, files: Object.values(EVIDENCE_MEDIA_TYPES), errors: [404] })
  async download(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const { attachment, content } = await this.attachments.download(actor, id);
    res.attachment(attachment.name);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(content, { type: attachment.mediaType, length: attachment.size });
  }
}
