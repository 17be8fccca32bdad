import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { AuditController } from '../audit/audit.controller';
import { CalendarController } from '../escalation/calendar.controller';
import { SlaPoliciesController } from '../escalation/sla-policies.controller';
import { TimersController } from '../escalation/timers.controller';
import { WorkflowsController } from '../workflows/workflows.controller';
import { CasesController } from './cases.controller';

@Module({
  imports: [CasesModule],
  controllers: [CasesController, AuditController, WorkflowsController, CalendarController, SlaPoliciesController, TimersController],
})
export class CasesHttpModule {}
