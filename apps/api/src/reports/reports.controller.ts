import { Body, Controller, Get, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RankingService, UnitReportService } from '@app/reports';
import type { Actor, ChangeContext } from '@app/workflow';
import { ChangedBy, CurrentActor, Roles } from '../http/auth.decorators';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';
import { RankingQuery, ReportPeriodQuery, UnitReportQuery } from './report.query';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The assessment figures offices are judged by, exact from the audit trail and traceable to their cases. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: UnitReportService,
    private readonly rankings: RankingService,
  ) {}

  @Get('units')
  @ApiContract({ summary: 'Per unit: every assessment figure of the period with its counts and the cases behind each (DESIGN §10)', response: S.UnitReport, errors: [404] })
  units(@CurrentActor() actor: Actor, @Query() query: UnitReportQuery) {
    return this.reports.report(actor, query);
  }

  @Get('units.xlsx')
  @ApiContract({ summary: 'The period\'s report as a workbook: one A4-landscape sheet per kind, counts beside every rate', response: null, files: [XLSX] })
  async workbook(@CurrentActor() actor: Actor, @Query() query: ReportPeriodQuery, @Res({ passthrough: true }) res: Response) {
    res.attachment(`统计-${query.from}-${query.to}.xlsx`);
    return new StreamableFile(await this.reports.workbook(actor, query), { type: XLSX });
  }

  @Get('ranking')
  @ApiContract({ summary: 'Units ranked by a weighted score of their rates: the period\'s 红榜 and 黑榜, naming the weights version used', response: S.Ranking, errors: [404] })
  ranking(@CurrentActor() actor: Actor, @Query() query: RankingQuery) {
    return this.rankings.ranking(actor, query);
  }

  @Get('ranking/weights')
  @ApiContract({ summary: 'The ranking weights in force (versioned; version 1 the documented defaults)', response: S.RankingWeights })
  weights() {
    return this.rankings.currentWeights();
  }

  @Put('ranking/weights')
  @Roles('admin')
  @ApiBody({ schema: { type: 'object', required: ['rectification', 'hotline'], properties: { rectification: { type: 'object', additionalProperties: { type: 'number' } }, hotline: { type: 'object', additionalProperties: { type: 'number' } } } } })
  @ApiContract({ summary: 'Set the ranking weights (admin): stored as the next version', response: S.RankingWeights, body: true })
  publishWeights(@ChangedBy() by: ChangeContext, @Body() body: unknown) {
    return this.rankings.publishWeights(by, body);
  }

  @Get('escalations')
  @ApiContract({ summary: 'Per unit: 催办, 督办 and 问责 in the period, and accountability decisions by form', response: S.UnitReport, errors: [404] })
  escalations(@CurrentActor() actor: Actor, @Query() query: ReportPeriodQuery) {
    return this.reports.report(actor, { ...query, kind: 'escalations' });
  }
}
