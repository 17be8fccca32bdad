import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { JobsModule } from '@app/jobs';
import { AttachmentsController } from './attachments.controller';
import { CasesController } from './cases.controller';
import { LedgerController } from './ledger.controller';

@Module({ imports: [CasesModule, JobsModule], controllers: [CasesController, AttachmentsController, LedgerController] })
export class CasesHttpModule {}
