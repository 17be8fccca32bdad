import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { AttachmentsController } from './attachments.controller';
import { CasesController } from './cases.controller';
import { LedgerController } from './ledger.controller';

@Module({ imports: [CasesModule], controllers: [CasesController, AttachmentsController, LedgerController] })
export class CasesHttpModule {}
