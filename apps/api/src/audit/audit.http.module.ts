import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { AuditController } from './audit.controller';

/** Verification asks the cases context which cases exist, so it comes with CasesModule. */
@Module({ imports: [CasesModule], controllers: [AuditController] })
export class AuditHttpModule {}
