import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { SlaPolicyService } from '@app/escalation';
import type { ChangeContext } from '@app/workflow';
import { ChangedBy, Roles } from '../http/auth.decorators';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';
import { booleanQuery } from '../cases/dto/list-cases.query';

export class PublishSlaPolicyQuery {
  @ApiPropertyOptional({ description: 'validate and return the changes against the current version (rules added, removed, changed, pending timers each reaches), publishing nothing' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class PublishSlaPolicyRequest {
  /** Each rule is checked against the machines' states by the policy service (zod, the machine vocabulary). */
  @ApiProperty({
    type: 'array',
    items: { $ref: '#/components/schemas/SlaRule' },
    example: [{ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '1wd', warnBefore: '4h', escalation: [{ level: 1, after: '0s' }] }],
  })
  @IsArray({ message: 'rules must be a list of rules' })
  rules!: unknown[];

  @ApiPropertyOptional({ description: 'the version these rules were edited from: if another version was published since, 409 VERSION_CONFLICT and nothing is published', minimum: 1 })
  @IsOptional()
  @IsInt({ message: 'baseVersion must be a whole number' })
  @Min(1)
  baseVersion?: number;
}

@ApiTags('sla-policies')
@ApiBearerAuth()
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPolicyService) {}

  @Get()
  @ApiContract({ summary: 'The current SLA policy', response: S.SlaPolicy })
  current() {
    return this.policies.current();
  }

  /** Publishes a new version (timers already pending keep their due time), or with dryRun shows what it would change. */
  @Roles('admin')
  @Put()
  @ApiContract({ summary: 'Publish a new SLA policy version, or preview it', response: S.SlaPolicyPublished, body: true, errors: [409] })
  publish(@ChangedBy() by: ChangeContext, @Body() body: PublishSlaPolicyRequest, @Query() query: PublishSlaPolicyQuery) {
    return query.dryRun ? this.policies.preview(body.rules) : this.policies.publish(body.rules, by, body.baseVersion);
  }
}
