import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { CalendarService } from './application/calendar.service';
import { DeadlineScheduler } from './application/deadline-scheduler.service';
import { SlaPolicyService } from './application/sla-policy.service';
import { BACKGROUND_JOBS, BackgroundJob, SweeperScheduler } from './application/sweeper-scheduler.service';
import { TimerSweeper } from './application/timer-sweeper.service';
import { CalendarYearRepository } from './persistence/calendar-year.repository';
import { SlaPolicyRepository } from './persistence/sla-policy.repository';
import { TimerRepository } from './persistence/timer.repository';

const providers = [CalendarService, DeadlineScheduler, SlaPolicyService, CalendarYearRepository, SlaPolicyRepository, TimerRepository];

/** Calendars, SLA policies, deadline planning and timer storage. */
@Module({ providers, exports: providers })
export class EscalationModule {}

/**
 * The sweeper and its schedule. The module that provides SYSTEM_EVENT_SINK (the case engine) is
 * passed in, so this library never imports the engine.
 */
@Module({})
export class SweeperModule {
  static register(options: { imports: ModuleMetadata['imports']; jobs?: Provider[] }): DynamicModule {
    return {
      module: SweeperModule,
      imports: [...(options.imports ?? []), EscalationModule],
      providers: [
        TimerSweeper,
        SweeperScheduler,
        ...(options.jobs ?? [{ provide: BACKGROUND_JOBS, useValue: [] as BackgroundJob[] }]),
      ],
      exports: [TimerSweeper, SweeperScheduler],
    };
  }
}
