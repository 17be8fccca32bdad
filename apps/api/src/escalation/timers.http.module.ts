import { Module } from '@nestjs/common';
import { EscalationModule } from '@app/escalation';
import { TimersController } from './timers.controller';

@Module({ imports: [EscalationModule], controllers: [TimersController] })
export class TimersHttpModule {}
