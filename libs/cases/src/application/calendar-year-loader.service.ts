import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { CalendarYear, WorkingCalendar, YearSchedule } from '@app/calendar';
import { CalendarYearsService, type CaseReplan, replanTimers, type SystemEvent, TimerRepository } from '@app/escalation';
import { Transactions } from '@app/database';
import type { ChangeContext } from '@app/workflow';
import { CaseRepository } from '../persistence/case.repository';
import { CaseTransitionService } from './case-transition.service';

type YearInput = { holidays: readonly unknown[]; workdays: readonly string[] };

/** One case whose deadline a calendar year moves. */
export interface DeadlineMove {
  caseId: string;
  code: string;
  previousDueAt: string | null;
  dueAt: string | null;
  timers: number;
}

export interface CalendarPreview {
  dryRun: true;
  year: number;
  cases: number;
  timers: number;
  /** The first MOVES_SHOWN cases, by case number. */
  moves: DeadlineMove[];
}

export type CalendarLoaded = CalendarYear & { replanned: { cases: number; timers: number } };

const MOVES_SHOWN = 200;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * Loading or correcting a year re-plans the open deadlines it affects: each moved timer is
 * computed again from its recipe on the new calendar, and each case whose timers moved records
 * DEADLINE_REPLANNED (old and new due time) in its trail, in the same transaction as the year.
 */
@Injectable()
export class CalendarYearLoader {
  constructor(
    private readonly transactions: Transactions,
    private readonly calendars: CalendarYearsService,
    private readonly timers: TimerRepository,
    private readonly cases: CaseRepository,
    private readonly transitions: CaseTransitionService,
  ) {}

  /** What loading the year would move, writing nothing. */
  preview(year: number, input: YearInput): Promise<CalendarPreview> {
    const schedule = this.calendars.schedule(year, input);
    return this.transactions.snapshot(async (runner) => {
      const { replans, moves } = await this.plan(runner, await this.calendars.calendarWith(runner, schedule));
      return { dryRun: true, year, cases: replans.length, timers: replans.reduce((n, r) => n + r.timers.length, 0), moves: moves.slice(0, MOVES_SHOWN) };
    });
  }

  async load(year: number, input: YearInput, by: ChangeContext): Promise<CalendarLoaded> {
    const schedule: YearSchedule = this.calendars.schedule(year, input);
    const replanned = await this.transactions.run(async (runner) => {
      await this.calendars.saveIn(runner, schedule, by);
      await this.cases.lockWithOpenTimers(runner);
      const { replans, events } = await this.plan(runner, await this.calendars.calendarWith(runner), year, by.correlationId);
      await this.timers.moveDue(runner, replans.flatMap((r) => r.timers));
      const outcomes = await this.transitions.applySystemEvents(runner, events, new Date());
      const refused = outcomes.find((o) => o.outcome !== 'applied');
      if (refused) throw new Error(`DEADLINE_REPLANNED was not applied: ${JSON.stringify(refused)}`);
      return { cases: replans.length, timers: replans.reduce((n, r) => n + r.timers.length, 0) };
    });
    return { ...(await this.calendars.loaded(year)), replanned };
  }

  private async plan(runner: QueryRunner, calendar: WorkingCalendar, year = 0, correlationId = '') {
    const open = await this.timers.openWithRecipes(runner);
    const replans: CaseReplan[] = replanTimers(open, calendar);
    const caseOf = new Map(open.map((t) => [t.caseId, t]));
    const moves: DeadlineMove[] = [];
    const events: SystemEvent[] = [];
    for (const replan of replans) {
      const row = caseOf.get(replan.caseId)!;
      const dueAt = replan.breach ? iso(replan.breach.at) : iso(row.caseDueAt);
      const warnAt = replan.warning ? iso(replan.warning.at) : iso(row.caseWarnAt);
      moves.push({ caseId: replan.caseId, code: row.code, previousDueAt: iso(row.caseDueAt), dueAt, timers: replan.timers.length });
      events.push({
        caseId: replan.caseId,
        correlationId,
        body: {
          type: 'DEADLINE_REPLANNED',
          calendarYear: year,
          previousDueAt: iso(row.caseDueAt),
          dueAt,
          previousWarnAt: iso(row.caseWarnAt),
          warnAt,
          calendarComplete: replan.breach?.calendarComplete ?? row.calendarComplete,
          timers: replan.timers.length,
        },
      });
    }
    moves.sort((a, b) => a.code.localeCompare(b.code));
    return { replans, moves, events };
  }
}
