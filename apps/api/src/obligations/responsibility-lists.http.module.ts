import { Module } from '@nestjs/common';
import { ObligationsModule } from '@app/obligations';
import { ResponsibilityListsController } from './responsibility-lists.controller';

@Module({ imports: [ObligationsModule], controllers: [ResponsibilityListsController] })
export class ResponsibilityListsHttpModule {}
