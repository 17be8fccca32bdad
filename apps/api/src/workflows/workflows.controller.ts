import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { describeWorkflow, describeWorkflows, MACHINE_REGISTRY, MachineRegistry } from '@app/workflow';
import { Omittable } from '../http/omittable.decorator';

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
  list() {
    return describeWorkflows(this.registry);
  }

  @Get(':kind')
  get(@Param('kind') kind: string, @Query() query: WorkflowVersionQuery) {
    return describeWorkflow(this.registry, kind, query.version);
  }
}
