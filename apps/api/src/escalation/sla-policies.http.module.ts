import { Module } from '@nestjs/common';
import { EscalationModule } from '@app/escalation';
import { SlaPoliciesController } from './sla-policies.controller';

@Module({ imports: [EscalationModule], controllers: [SlaPoliciesController] })
export class SlaPoliciesHttpModule {}
