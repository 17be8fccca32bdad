import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SlaPolicyService } from '@app/escalation';
import { Actor } from '@app/workflow';
import { CurrentActor, Roles } from '../http/auth.decorators';

@ApiTags('sla-policies')
@ApiBearerAuth()
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPolicyService) {}

  @Get()
  current() {
    return this.policies.current();
  }

  /** Publishes a new version; timers already pending keep their due time. */
  @Roles('admin')
  @Put()
  publish(@CurrentActor() actor: Actor, @Body() body: unknown) {
    return this.policies.publish(body, actor.id);
  }
}
