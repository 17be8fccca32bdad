import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { JobRunner } from '@app/jobs';
import type { Actor } from '@app/workflow';
import { CurrentActor } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

/** Long work started with `Prefer: respond-async`: how far it has got, then what it answered. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobRunner) {}

  @Get(':id')
  @ApiContract({ summary: 'A job the caller started: its progress, then its result or its problem', response: S.Job, errors: [404] })
  find(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.jobs.find(actor.id, id);
  }
}
