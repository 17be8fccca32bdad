import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { AttachmentsController } from './attachments.controller';
import { CasesController } from './cases.controller';

@Module({ imports: [CasesModule], controllers: [CasesController, AttachmentsController] })
export class CasesHttpModule {}
