import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createReadStream } from 'node:fs';
import { type BuiltBundle, type BundleQuery, EvidenceBundleService } from '@app/cases';
import { JobRunner } from '@app/jobs';
import { type Actor, type ChangeContext, DomainError } from '@app/workflow';
import { ChangedBy, CurrentActor, Roles } from '../http/auth.decorators';
import { problemOf } from '../http/problem-exception.filter';
import { uuidPipe } from '../http/uuid.pipe';
import { ApiContract, refOf } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';
import { BundleDownloads } from './bundle-downloads';
import { EvidenceBundleQuery } from './evidence-bundle.query';

const ZIP = 'application/zip';

/** A day is the Asia/Shanghai day; an instant stays as given. A date that does not exist (2026-02-30) is refused. */
function instant(field: 'from' | 'to', value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value);
  const day = value.slice(0, 10);
  const roundTrip = Number.isNaN(at.getTime()) ? null : new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10);
  if (roundTrip !== day) throw DomainError.validation([{ field, code: 'invalid_date', message: `${field} is not a date that exists: ${value}` }]);
  return at;
}

function selection(query: EvidenceBundleQuery): BundleQuery {
  const files = query.files ?? false;
  if (query.caseId && query.unitId) throw DomainError.validation([{ field: 'unitId', code: 'conflict', message: 'give caseId or unitId, not both' }]);
  if (query.caseId) {
    if (query.from || query.to) throw DomainError.validation([{ field: query.from ? 'from' : 'to', code: 'conflict', message: 'a case bundle holds the whole chain: from/to go with unitId' }]);
    return { caseId: query.caseId, files };
  }
  if (!query.unitId) throw DomainError.validation([{ field: 'caseId', code: 'required', message: 'give caseId (one case) or unitId (a unit, optionally with from/to)' }]);
  const from = instant('from', query.from);
  const to = instant('to', query.to);
  if (from && to && from >= to) throw DomainError.validation([{ field: 'to', code: 'too_small', message: 'to must be after from' }]);
  return { unitId: query.unitId, from, to, files };
}

/** 证据包: evidence bundles for a discipline case, downloaded at once or built by a job. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/bundles')
export class EvidenceBundleController {
  constructor(
    private readonly bundles: EvidenceBundleService,
    private readonly jobs: JobRunner,
    private readonly downloads: BundleDownloads,
  ) {}

  @Get()
  @Roles('auditor', 'inspector', 'supervisor')
  @ApiHeader({ name: 'Prefer', required: false, description: 'respond-async: answer 202 with a job whose result is an EvidenceBundle to download' })
  @ApiContract({
    summary: 'An evidence bundle (ZIP): the chains, the signed checkpoint, inclusion proofs, attachment hashes, a manifest and an offline verifier',
    response: null,
    files: [ZIP],
    errors: [404, 413],
  })
  @ApiResponse({ status: 202, description: 'Prefer: respond-async: the job (GET /api/jobs/{id}) that will end with an EvidenceBundle', content: { 'application/json': { schema: { $ref: refOf(S.Job) } } } })
  async build(
    @CurrentActor() actor: Actor,
    @ChangedBy() by: ChangeContext,
    @Query() query: EvidenceBundleQuery,
    @Headers('prefer') prefer: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const wanted = selection(query);
    if (/\brespond-async\b/i.test(prefer ?? '')) {
      const job = await this.jobs.start({
        kind: 'evidence-bundle',
        ownerId: actor.id,
        run: async (onProgress, jobId) => {
          const bundle = await this.bundles.build(actor, wanted, by, onProgress);
          await this.downloads.keep(jobId, bundle);
          const { path: _path, dispose: _dispose, ...facts } = bundle;
          return { id: jobId, ...facts, download: `/api/audit/bundles/${jobId}` };
        },
        problemOf: (error) => problemOf(error, req),
      });
      res.status(202).location(`/api/jobs/${job.id}`).setHeader('Preference-Applied', 'respond-async');
      res.json(job);
      return;
    }
    const bundle = await this.bundles.build(actor, wanted, by);
    this.send(res, bundle.path, bundle, () => void bundle.dispose());
  }

  @Get(':id')
  @Roles('auditor', 'inspector', 'supervisor')
  @ApiContract({ summary: 'Download the evidence bundle a job of yours built (kept for an hour)', response: null, files: [ZIP], errors: [404] })
  async download(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Res() res: Response) {
    const job = await this.jobs.find(actor.id, id);
    const result = job.result as { fileName?: string; manifestSha256?: string } | null;
    if (job.kind !== 'evidence-bundle' || job.status !== 'succeeded' || !result?.fileName || !(await this.downloads.exists(id))) {
      throw DomainError.notFound('evidence bundle');
    }
    this.send(res, this.downloads.fileOf(id), { fileName: result.fileName, manifestSha256: result.manifestSha256 ?? '' }, () => undefined);
  }

  private send(res: Response, file: string, bundle: Pick<BuiltBundle, 'fileName' | 'manifestSha256'>, done: () => void) {
    res.attachment(bundle.fileName).type(ZIP).setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Manifest-SHA256', bundle.manifestSha256);
    if (res.destroyed) {
      done();
      return;
    }
    const stream = createReadStream(file);
    res.on('close', done);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
