import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CASE_KINDS, describeWorkflow, describeWorkflows, MACHINE_REGISTRY, MachineRegistry } from '@app/workflow';
import { Omittable } from '../http/omittable.decorator';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

export class WorkflowVersionQuery {
  @ApiPropertyOptional({ description: 'a version for cases still on an older one; the latest without it', example: 1 })
  @Omittable()
  @Type(() => Number)
  @IsInt({ message: 'version must be a version number' })
  @Min(1, { message: 'version must be a version number' })
  @Max(9999, { message: 'version must be a version number' })
  version?: number;
}

/** The machines as data: states, events, who may send them, payload schemas and a diagram. */
@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  constructor(@Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry) {}

  @Get()
  @ApiContract({ summary: 'Every machine as data (latest versions)', response: S.WorkflowPage })
  list() {
    return describeWorkflows(this.registry);
  }

  @Get(':kind')
  @ApiParam({ name: 'kind', enum: CASE_KINDS })
  @ApiContract({ summary: 'One machine as data', response: S.Workflow, errors: [404] })
  get(@Param('kind') kind: string, @Query() query: WorkflowVersionQuery) {
    return describeWorkflow(this.registry, kind, query.version);
  }
}
