import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { JobsModule } from '@app/jobs';
import { ReportsModule } from '@app/reports';
import { CaseFilterResolver } from './case-filter.resolver';
import { AttachmentsController } from './attachments.controller';
import { CallerDataController } from './caller-data.controller';
import { CasesController } from './cases.controller';
import { NoticesController } from './notices.controller';
import { LedgerController } from './ledger.controller';

@Module({ imports: [CasesModule, JobsModule, ReportsModule], controllers: [CasesController, AttachmentsController, LedgerController, CallerDataController, NoticesController], providers: [CaseFilterResolver] })
export class CasesHttpModule {}
