import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { unlink } from 'node:fs/promises';
import os from 'node:os';
import { IsBoolean, IsOptional } from 'class-validator';
import { diskStorage } from 'multer';
import { shanghaiDate } from '@app/calendar';
import { LedgerImportService, LedgerWorkbookService, MAX_IMPORT_BYTES } from '@app/cases';
import { JobRunner } from '@app/jobs';
import type { Actor } from '@app/workflow';
import { CorrelationId, CurrentActor } from '../http/auth.decorators';
import { problemOf } from '../http/problem-exception.filter';
import { ApiContract, refOf } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';
import { CaseFilterResolver } from './case-filter.resolver';
import { booleanQuery, CaseFilterQuery, PageQuery } from './dto/list-cases.query';

class LedgerImportQuery {
  @ApiPropertyOptional({ description: 'check every row and report, writing nothing' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

/** The workbook is spooled to disk (never held in memory) and refused mid-stream past 10 MB. */
const spool = FileInterceptor('file', {
  storage: diskStorage({ destination: os.tmpdir() }),
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 0 },
  defParamCharset: 'utf8',
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = () => shanghaiDate(new Date()).replaceAll('-', '');

/** The 整改台账 and 12345 work orders as Excel workbooks, in the layout offices send up the chain. */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller()
export class LedgerController {
  constructor(
    private readonly workbooks: LedgerWorkbookService,
    private readonly imports: LedgerImportService,
    private readonly jobs: JobRunner,
    private readonly filters: CaseFilterResolver,
  ) {}

  /**
   * A dry run answers 200 with the report; an import answers 201 with it and what was created, or
   * 422 with it when any row has an error (nothing written), or 409 when the file came in before.
   * With `Prefer: respond-async` it answers 202 at once with a job that ends with that same answer.
   */
  @Post('ledger/imports')
  @HttpCode(201)
  @UseInterceptors(spool)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiContract({
    summary: 'Import a 整改台账 workbook (.xlsx, 10 MB): every row checked, then all rows become cases or none do',
    status: 201,
    response: S.LedgerImportReport,
    body: true,
    errors: [409, 422],
  })
  @ApiResponse({ status: 200, description: 'dry run: the report, nothing written', content: { 'application/json': { schema: { $ref: refOf(S.LedgerImportReport) } } } })
  @ApiResponse({ status: 202, description: 'Prefer: respond-async: the job (GET /api/jobs/{id}) that will end with the answer', content: { 'application/json': { schema: { $ref: refOf(S.Job) } } } })
  async import(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Query() query: LedgerImportQuery,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const upload = file && { path: file.path, originalName: file.originalname, size: file.size };
    const discard = async () => {
      if (file) await unlink(file.path).catch(() => undefined);
    };
    const options = { dryRun: query.dryRun ?? false, correlationId };
    let handedOver = false;
    try {
      this.imports.precheck(actor, upload);
      if (/\brespond-async\b/i.test(prefer ?? '')) {
        const job = await this.jobs.start({
          kind: 'ledger-import',
          ownerId: actor.id,
          run: (onProgress) => this.imports.import(actor, upload, { ...options, onProgress }),
          problemOf: (error) => problemOf(error, req),
          cleanup: discard,
        });
        handedOver = true;
        res.status(202).location(`/api/jobs/${job.id}`).setHeader('Preference-Applied', 'respond-async');
        return job;
      }
      const report = await this.imports.import(actor, upload, options);
      if (report.dryRun) res.status(200);
      return report;
    } finally {
      if (!handedOver) await discard();
    }
  }

  @Get('ledger/imports')
  @ApiContract({ summary: 'Ledger imports, newest first: who, when, which file and the cases created', response: S.LedgerImportPage })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.imports.list(actor, query.limit ?? 20, query.cursor);
  }

  @Get('ledger/template.xlsx')
  @ApiContract({ summary: 'The ledger template: its columns, drop-downs and a sheet explaining them with the unit list', response: null, files: [XLSX] })
  async template(@Res({ passthrough: true }) res: Response) {
    res.attachment('整改台账模板.xlsx');
    return new StreamableFile(await this.workbooks.template(), { type: XLSX });
  }

  /** Streamed: rows are written as they are read, a page at a time. */
  @Get('ledger/export.xlsx')
  @ApiContract({ summary: 'Export the rectification ledger the caller may see, with the case list filters', response: null, files: [XLSX] })
  async ledger(@CurrentActor() actor: Actor, @Query() query: CaseFilterQuery, @Res() res: Response) {
    res.attachment(`整改台账-${today()}.xlsx`).type(XLSX);
    await this.workbooks.exportLedger(actor, await this.filters.resolve(actor, query), res);
  }

  @Get('hotline/export.xlsx')
  @ApiContract({ summary: 'Export the 12345 work orders the caller may see (callers masked as in lists)', response: null, files: [XLSX] })
  async hotline(@CurrentActor() actor: Actor, @Query() query: CaseFilterQuery, @Res() res: Response) {
    res.attachment(`12345工单-${today()}.xlsx`).type(XLSX);
    await this.workbooks.exportHotline(actor, await this.filters.resolve(actor, query), res);
  }
}
