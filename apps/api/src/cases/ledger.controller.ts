import { Controller, Get, HttpCode, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { unlink } from 'node:fs/promises';
import os from 'node:os';
import { IsBoolean, IsOptional } from 'class-validator';
import { diskStorage } from 'multer';
import { shanghaiDate } from '@app/calendar';
import { LedgerImportService, LedgerWorkbookService, MAX_IMPORT_BYTES } from '@app/cases';
import type { Actor } from '@app/workflow';
import { CorrelationId, CurrentActor } from '../http/auth.decorators';
import { ApiContract, refOf } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';
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
  ) {}

  /**
   * A dry run answers 200 with the report; an import answers 201 with it and what was created, or
   * 422 with it when any row has an error (nothing written), or 409 when the file came in before.
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
  async import(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Query() query: LedgerImportQuery,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    try {
      const upload = file && { path: file.path, originalName: file.originalname, size: file.size };
      const report = await this.imports.import(actor, upload, { dryRun: query.dryRun ?? false, correlationId });
      if (report.dryRun) res.status(200);
      return report;
    } finally {
      if (file) await unlink(file.path).catch(() => undefined);
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
    await this.workbooks.exportLedger(actor, query, res);
  }

  @Get('hotline/export.xlsx')
  @ApiContract({ summary: 'Export the 12345 work orders the caller may see (callers masked as in lists)', response: null, files: [XLSX] })
  async hotline(@CurrentActor() actor: Actor, @Query() query: CaseFilterQuery, @Res() res: Response) {
    res.attachment(`12345工单-${today()}.xlsx`).type(XLSX);
    await this.workbooks.exportHotline(actor, query, res);
  }
}
