import { Module } from '@nestjs/common';
import { EscalationModule } from '@app/escalation';
import { CalendarController } from './calendar.controller';

@Module({ imports: [EscalationModule], controllers: [CalendarController] })
export class CalendarHttpModule {}
