import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiHeader, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CaseQueryService, CaseTransitionService, OpenCaseService } from '@app/cases';
import type { HeldBackRead } from '@app/database';
import type { Actor } from '@app/workflow';
import { CorrelationId, CurrentActor, SessionCheck, SessionReadInTransaction } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { IdempotencyKey, IfMatchVersion } from './case-headers';
import { CreateCasePipe } from './create-case.pipe';
import {
  CreateAccountabilityCaseRequest,
  CreateCaseRequest,
  CreateHotlineCaseRequest,
  CreateRectificationCaseRequest,
} from './dto/create-case.request';
import { CaseFilterResolver } from './case-filter.resolver';
import { CaseFilterQuery, ListCasesQuery, PageQuery } from './dto/list-cases.query';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

@ApiTags('cases')
@ApiBearerAuth()
@ApiExtraModels(CreateRectificationCaseRequest, CreateHotlineCaseRequest, CreateAccountabilityCaseRequest)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly opening: OpenCaseService,
    private readonly transitions: CaseTransitionService,
    private readonly queries: CaseQueryService,
    private readonly filters: CaseFilterResolver,
  ) {}

  @Post()
  @ApiContract({ summary: 'Open a case (整改事项, 12345工单 or 问责)', status: 201, response: S.CaseView, body: true, errors: [404, 422] })
  @ApiBody({
    schema: {
      oneOf: [CreateRectificationCaseRequest, CreateHotlineCaseRequest, CreateAccountabilityCaseRequest].map((m) => ({
        $ref: getSchemaPath(m),
      })),
    },
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key and body returns the first answer' })
  async open(
    @CurrentActor() actor: Actor,
    @Body(CreateCasePipe) body: CreateCaseRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { view, replayed } = await this.opening.open(actor, body, correlationId, idempotencyKey);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  @Get()
  @ApiContract({ summary: 'List the cases the caller may see, newest first', response: S.CasePage })
  async list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery) {
    return this.queries.list(actor, { ...(await this.filters.resolve(actor, query)), limit: query.limit ?? 20 });
  }

  @Get('count')
  @ApiContract({ summary: 'Count the cases matching a filter (inbox tabs)', response: S.CaseCount })
  async count(@CurrentActor() actor: Actor, @Query() query: CaseFilterQuery) {
    return this.queries.count(actor, await this.filters.resolve(actor, query));
  }

  @Get(':id')
  @ApiContract({ summary: 'One case with its linked cases and upcoming deadlines', response: S.CaseDetail, errors: [404] })
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const detail = await this.queries.get(actor, id);
    res.setHeader('ETag', `"${detail.version}"`);
    return detail;
  }

  @Post(':id/events')
  @ApiContract({ summary: 'Send an event to a case (one transaction)', response: S.CaseView, body: true, errors: [404, 409, 422] })
  @HttpCode(200)
  @SessionReadInTransaction()
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version last seen; 409 VERSION_CONFLICT if the state or fields changed after it (deadline events of the sweeper do not count)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key and body is not applied twice' })
  @ApiBody({ schema: { type: 'object', required: ['type'], properties: { type: { type: 'string', example: 'ACCEPT' } }, additionalProperties: true } })
  async applyEvent(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe) id: string,
    @Body() body: unknown,
    @IfMatchVersion() expectedVersion: number | undefined,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CorrelationId() correlationId: string,
    @SessionCheck() sessionCheck: HeldBackRead | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { view, replayed } = await this.transitions.apply({ actor, caseId: id, body, expectedVersion, idempotencyKey, correlationId, sessionCheck });
    res.setHeader('ETag', `"${view.version}"`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  @Get(':id/events')
  @ApiContract({ summary: "A case's audit timeline, oldest first", response: S.AuditPage, errors: [404] })
  timeline(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Query() query: PageQuery) {
    return this.queries.timeline(actor, id, { cursor: query.cursor, limit: query.limit ?? 50 });
  }
}
