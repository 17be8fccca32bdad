import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { AuditController } from '../audit/audit.controller';
import { WorkflowsController } from '../workflows/workflows.controller';
import { CasesController } from './cases.controller';

@Module({
  imports: [CasesModule],
  controllers: [CasesController, AuditController, WorkflowsController],
})
export class CasesHttpModule {}
