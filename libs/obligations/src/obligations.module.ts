import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { EscalationModule } from '@app/escalation';
import { ObligationGenerator } from './application/obligation-generator';
import { ObligationViewsService } from './application/obligation-views.service';
import { ResponsibilityListService } from './application/responsibility-list.service';
import { ObligationCaseRepository } from './persistence/obligation-case.repository';
import { ResponsibilityListRepository } from './persistence/responsibility-list.repository';

@Module({
  imports: [CasesModule, AuditModule, EscalationModule],
  providers: [ResponsibilityListService, ObligationViewsService, ObligationGenerator, ResponsibilityListRepository, ObligationCaseRepository],
  exports: [ResponsibilityListService, ObligationViewsService],
})
export class ObligationsModule {}
