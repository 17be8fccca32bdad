import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { shanghaiDate } from '@app/calendar';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditLogService, AuditSearchService, AuditVerifyService, AuditWatchService } from '@app/audit';
import { Actor, DomainError } from '@app/workflow';
import { CurrentActor, Roles } from '../http/auth.decorators';
import { AuditExportQuery, AuditSearchQuery, AuditVerifyQuery } from './audit-search.query';
import { PageQuery } from '../cases/dto/list-cases.query';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(
    private readonly search: AuditSearchService,
    private readonly verifier: AuditVerifyService,
    private readonly log: AuditLogService,
    private readonly watch: AuditWatchService,
  ) {}

  @Get()
  @ApiContract({ summary: 'Search the audit trail (or with scope=admin the admin chain), newest first', response: S.AuditSearchResult, errors: [403] })
  find(@CurrentActor() actor: Actor, @Query() { scope, ...query }: AuditSearchQuery) {
    if (scope === 'admin') return this.search.searchAdmin(actor, { ...query, limit: query.limit ?? 50 });
    return this.search.search(actor.scope, { ...query, limit: query.limit ?? 50 });
  }

  /** The whole filtered result (not the loaded pages) as CSV for Excel, streamed, within the caller's scope. */
  @Get('export.csv')
  @ApiContract({ summary: 'Export every audit event the search finds as CSV (Chinese headers, Beijing time), streamed', response: null, files: ['text/csv'] })
  async exportCsv(@CurrentActor() actor: Actor, @Query() query: AuditExportQuery, @Res() res: Response) {
    const lines = this.search.exportCsv(actor.scope, query);
    const first = await lines.next(); // refusals (a bad filter) are answered before the file starts
    res.attachment(`审计记录-${shanghaiDate(new Date()).replaceAll('-', '')}.csv`).type('text/csv; charset=utf-8');
    async function* all() {
      if (!first.done) yield first.value;
      yield* lines;
    }
    // Backpressure, a client that goes away and a failure after the file began all end the generator here.
    await pipeline(Readable.from(all()), res).catch((error: unknown) => {
      if (!res.writableFinished && (error as NodeJS.ErrnoException)?.code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.error({ err: error }, 'audit CSV export cut short');
    });
  }

  @Get('verify')
  @ApiContract({ summary: 'Recompute hash chains: one case, or every case the caller may see', response: S.VerifyResult, errors: [404] })
  verify(@CurrentActor() actor: Actor, @Query() query: AuditVerifyQuery) {
    return query.caseId ? this.verifier.verifyCase(actor.scope, query.caseId) : this.verifier.verifyAll(actor.scope);
  }

  @Get('checkpoints')
  @ApiContract({ summary: 'Signed checkpoints of the global audit log, newest first', response: S.CheckpointPage })
  checkpoints(@Query() query: PageQuery) {
    return this.log.list({ limit: query.limit ?? 20, cursor: query.cursor });
  }

  @Get('checkpoints/key')
  @ApiContract({ summary: 'The public keys that sign checkpoints', response: S.SigningKeys, errors: [404] })
  keys() {
    return this.log.keys();
  }

  @Get('watch')
  @Roles('auditor', 'inspector', 'supervisor', 'admin')
  @ApiContract({ summary: "The worker's running check of the trail: when it last ran, what it found, how often it failed", response: S.AuditWatch, errors: [403, 404] })
  async watchState() {
    const state = await this.watch.state();
    if (!state) throw DomainError.notFound('audit watch run');
    return state;
  }
}
