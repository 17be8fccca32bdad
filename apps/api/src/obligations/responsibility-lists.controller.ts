import { Body, Controller, Get, Param, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { matrixWorkbook, ObligationViewsService, ResponsibilityListService } from '@app/obligations';
import type { Actor } from '@app/workflow';
import { CorrelationId, CurrentActor, Roles } from '../http/auth.decorators';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';
import { YearPipe } from '../escalation/calendar.controller';
import { uuidPipe } from '../http/uuid.pipe';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The yearly 机关党建主体责任清单: the list (admin), the county matrix and each unit's checklist. */
@ApiTags('responsibility-lists')
@ApiBearerAuth()
@Controller('responsibility-lists')
export class ResponsibilityListsController {
  constructor(
    private readonly lists: ResponsibilityListService,
    private readonly views: ObligationViewsService,
  ) {}

  @Get(':year')
  @ApiContract({ summary: "The year's list, its latest version (draft or published) and every version's status", response: S.ResponsibilityList, errors: [404] })
  get(@CurrentActor() actor: Actor, @Param('year', YearPipe) year: number) {
    return this.lists.get(actor, year);
  }

  @Put(':year')
  @Roles('admin')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['status', 'items'],
      properties: {
        status: { type: 'string', enum: ['draft', 'published'] },
        items: { type: 'array', items: { type: 'object', required: ['no', 'text'], properties: { no: { type: 'integer' }, text: { type: 'string' }, obligations: { type: 'array', items: { type: 'object' } } } } },
      },
    },
  })
  @ApiContract({
    summary: 'Store the next version of the list; publishing generates each unit × duty × period as an obligation case, exactly once (a corrected list revises open ones)',
    response: S.ResponsibilityList,
    body: true,
  })
  put(@CurrentActor() actor: Actor, @Param('year', YearPipe) year: number, @Body() body: unknown, @CorrelationId() correlationId: string) {
    return this.lists.put(actor, year, body, correlationId);
  }

  @Get(':year/matrix')
  @ApiContract({ summary: 'Units × items of the published list with each cell\'s status (完成, 进行中, 预警, 超期, 未开始, 不适用) and counts', response: S.ResponsibilityMatrix, errors: [404] })
  matrix(@CurrentActor() actor: Actor, @Param('year', YearPipe) year: number) {
    return this.views.matrix(actor, year);
  }

  @Get(':year/matrix.xlsx')
  @ApiContract({ summary: 'The matrix as a workbook for the 督查 office', response: null, files: [XLSX], errors: [404] })
  async matrixXlsx(@CurrentActor() actor: Actor, @Param('year', YearPipe) year: number, @Res({ passthrough: true }) res: Response) {
    res.attachment(`责任清单-${year}.xlsx`);
    return new StreamableFile(await matrixWorkbook(await this.views.matrix(actor, year)), { type: XLSX });
  }

  @Get(':year/units/:unitId')
  @ApiContract({ summary: "One unit's checklist: its duties, their periods and cases, the evidence sent and the reviews", response: S.UnitChecklist, errors: [404] })
  checklist(@CurrentActor() actor: Actor, @Param('year', YearPipe) year: number, @Param('unitId', uuidPipe) unitId: string) {
    return this.views.checklist(actor, year, unitId);
  }
}
