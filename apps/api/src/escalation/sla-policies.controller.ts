import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { SlaPolicyService } from '@app/escalation';
import type { ChangeContext } from '@app/workflow';
import { ChangedBy, Roles } from '../http/auth.decorators';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

export class PublishSlaPolicyRequest {
  /** Each rule is checked against the machines' states by the policy service (zod, the machine vocabulary). */
  @ApiProperty({
    type: 'array',
    items: { $ref: '#/components/schemas/SlaRule' },
    example: [{ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '1wd', warnBefore: '4h', escalation: [{ level: 1, after: '0s' }] }],
  })
  @IsArray({ message: 'rules must be a list of rules' })
  rules!: unknown[];
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

  /** Publishes a new version; timers already pending keep their due time. */
  @Roles('admin')
  @Put()
  @ApiContract({ summary: 'Publish a new SLA policy version', response: S.SlaPolicy, body: true })
  publish(@ChangedBy() by: ChangeContext, @Body() body: PublishSlaPolicyRequest) {
    return this.policies.publish(body.rules, by);
  }
}
