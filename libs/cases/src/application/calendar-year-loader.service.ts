import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { CalendarYear, WorkingCalendar, YearSchedule } from '@app/calendar';
import { CalendarYearsService, type CaseReplan, replanTimers, type SystemEvent, TimerRepository } from '@app/escalation';
import { SettingsVersions, Transactions } from '@app/database';
import { type ChangeContext, DomainError, ErrorCode, WHOLE_COUNTY } from '@app/workflow';
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
const CATCH_UP_BATCH = 500;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * Loading or correcting a year re-plans the open deadlines it affects: each moved timer is
 * computed again from its recipe on the new calendar, and each case whose timers moved records
 * DEADLINE_REPLANNED (old and new due time), in the same transaction as the year. A deadline
 * planned on an older calendar that committed afterwards (a request already under way) carries
 * that calendar's version, and `catchUp` re-plans it.
 */
@Injectable()
export class CalendarYearLoader {
  constructor(
    private readonly transactions: Transactions,
    private readonly calendars: CalendarYearsService,
    private readonly timers: TimerRepository,
    private readonly cases: CaseRepository,
    private readonly transitions: CaseTransitionService,
    private readonly settings: SettingsVersions,
  ) {}

  /** What loading the year would move, writing nothing. */
  preview(year: number, input: YearInput): Promise<CalendarPreview> {
    const schedule = this.calendars.schedule(year, input);
    return this.transactions.snapshot(async (runner) => {
      const { replans, moves } = await this.plan(runner, await this.calendars.calendarWith(runner, schedule));
      return { dryRun: true, year, cases: replans.length, timers: countTimers(replans), moves: moves.slice(0, MOVES_SHOWN) };
    });
  }

  /**
   * The cases that move are locked first (waiting for those in use, in id order) and computed
   * again once locked; the year and its admin-chain record come last, as in every other
   * transaction that locks cases and then writes the admin chain.
   */
  async load(year: number, input: YearInput, by: ChangeContext): Promise<CalendarLoaded> {
    const schedule: YearSchedule = this.calendars.schedule(year, input);
    const replanned = await this.transactions.run(async (runner) => {
      const calendar = await this.calendars.calendarWith(runner, schedule);
      const moving = replanTimers(await this.timers.openWithRecipes(runner), calendar).map((r) => r.caseId);
      const locked = (await this.cases.lockForUpdate(runner, moving, WHOLE_COUNTY)).map((r) => r.id);
      const plan = await this.plan(runner, calendar, locked, year, by.correlationId);
      await this.calendars.saveIn(runner, schedule, by);
      await this.apply(runner, plan, locked, await this.settings.versionIn(runner, 'calendar'));
      return { cases: plan.replans.length, timers: countTimers(plan.replans) };
    });
    return { ...(await this.calendars.loaded(year)), replanned };
  }

  /**
   * Re-plans timers computed on an older calendar than this process's (the worker calls it after
   * syncing): cases in use are left for the next run. Returns how many cases it brought up to date.
   */
  async catchUp(): Promise<number> {
    const { calendar, version } = await this.calendars.calendarAndVersion();
    return this.transactions.run(async (runner) => {
      const stale = await this.timers.staleCases(runner, version, CATCH_UP_BATCH);
      if (!stale.length) return 0;
      const locked = (await this.cases.lockForUpdate(runner, stale, WHOLE_COUNTY, { skipLocked: true })).map((r) => r.id);
      await this.apply(runner, await this.plan(runner, calendar, locked, undefined, `calendar-catch-up-v${version}`), locked, version);
      return locked.length;
    });
  }

  private async apply(runner: QueryRunner, plan: { replans: CaseReplan[]; events: SystemEvent[] }, caseIds: readonly string[], calendarVersion: number) {
    await this.timers.replanned(runner, plan.replans.flatMap((r) => r.timers), caseIds, calendarVersion);
    const outcomes = await this.transitions.applySystemEvents(runner, plan.events, new Date());
    if (outcomes.some((o) => o.outcome !== 'applied')) {
      // Every case was locked above; a refusal here means it changed under us: nothing is written.
      throw new DomainError(ErrorCode.UNAVAILABLE, 'a case changed while its deadlines were re-planned; try again');
    }
  }

  /** The moves on `calendar`, of these cases (they are locked) or of every case (a preview). */
  private async plan(runner: QueryRunner, calendar: WorkingCalendar, caseIds?: readonly string[], year?: number, correlationId = '') {
    if (caseIds && !caseIds.length) return { replans: [], moves: [], events: [] };
    const open = await this.timers.openWithRecipes(runner, caseIds);
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
          ...(year === undefined ? {} : { calendarYear: year }),
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

const countTimers = (replans: readonly CaseReplan[]) => replans.reduce((n, r) => n + r.timers.length, 0);
