import { Module } from '@nestjs/common';
import { CalendarYearsService } from './application/calendar-years.service';
import { DeadlineService } from './application/deadline.service';
import { ParkedTimersService } from './application/parked-timers.service';
import { SlaPolicyService } from './application/sla-policy.service';
import { CalendarYearRepository } from './persistence/calendar-year.repository';
import { SlaPolicyRepository } from './persistence/sla-policy.repository';
import { TimerRepository } from './persistence/timer.repository';

const providers = [
  CalendarYearsService,
  DeadlineService,
  SlaPolicyService,
  ParkedTimersService,
  CalendarYearRepository,
  SlaPolicyRepository,
  TimerRepository,
];

/** Calendars, SLA policies, deadline planning and timer storage. TimerSweeper needs SYSTEM_EVENT_SINK: the app provides it with the case engine. */
@Module({ providers, exports: providers })
export class EscalationModule {}
