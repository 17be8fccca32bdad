import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { EscalationModule } from '@app/escalation';
import { CalendarController } from './calendar.controller';

@Module({ imports: [EscalationModule, CasesModule], controllers: [CalendarController] })
export class CalendarHttpModule {}
