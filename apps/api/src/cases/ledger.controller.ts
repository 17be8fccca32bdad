import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { shanghaiDate } from '@app/calendar';
import { LedgerWorkbookService } from '@app/cases';
import type { Actor } from '@app/workflow';
import { CurrentActor } from '../http/auth.decorators';
import { ApiContract } from '../openapi/api-contract.decorator';
import { CaseFilterQuery } from './dto/list-cases.query';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = () => shanghaiDate(new Date()).replaceAll('-', '');

/** The 整改台账 and 12345 work orders as Excel workbooks, in the layout offices send up the chain. */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller()
export class LedgerController {
  constructor(private readonly workbooks: LedgerWorkbookService) {}

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
