import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { WorkingCalendar } from '@app/calendar';
import { DeadlinePlan, PlanDeadlines, planDeadlines, resumedTimer } from '../domain/deadline-plan';
import { TimerRepository } from '../persistence/timer.repository';
import { CalendarYearsService } from './calendar-years.service';
import { SlaPolicyService } from './sla-policy.service';

/** Deadlines with the current policy and calendar, and the timers that carry them. */
@Injectable()
export class DeadlineService {
  constructor(
    private readonly policies: SlaPolicyService,
    private readonly calendars: CalendarYearsService,
    private readonly timers: TimerRepository,
  ) {}

  /** Binds the current policy and calendar, once per transaction: every transition in it plans alike. */
  async planner(): Promise<PlanDeadlines> {
    const [policy, { calendar, version }] = await Promise.all([this.policies.current(), this.calendars.calendarAndVersion()]);
    return (transition, now) => {
      const plan = planDeadlines(transition, policy, calendar, now);
      return plan.timers.action === 'replace' ? { ...plan, timers: { ...plan.timers, calendarVersion: version } } : plan;
    };
  }

  /** Applies the plans' timer changes in order, inside the caller's transaction (the case rows are locked). */
  async writeTimers(runner: QueryRunner, items: readonly { caseId: string; plan: DeadlinePlan }[]): Promise<void> {
    const changing = items.filter((i) => i.plan.timers.action !== 'none');
    if (!changing.length) return;
    const replaceOnly = changing.every((i) => i.plan.timers.action === 'replace');
    if (replaceOnly && new Set(changing.map((i) => i.caseId)).size === changing.length) {
      await this.timers.cancelOpen(runner, changing.map((i) => i.caseId));
      await this.timers.insert(runner, changing.flatMap((i) => this.newRows(i.caseId, i.plan)));
      return;
    }
    const { calendar, version } = await this.calendars.calendarAndVersion();
    for (const item of changing) await this.writeOne(runner, item.caseId, item.plan, calendar, version);
  }

  private async writeOne(runner: QueryRunner, caseId: string, plan: DeadlinePlan, calendar: WorkingCalendar, calendarVersion: number): Promise<void> {
    const timers = plan.timers;
    switch (timers.action) {
      case 'replace':
        await this.timers.cancelOpen(runner, [caseId]);
        await this.timers.insert(runner, this.newRows(caseId, plan));
        return;
      case 'pause':
        await this.timers.pause(runner, [caseId]);
        return;
      case 'resume': {
        const paused = await this.timers.paused(runner, caseId);
        await this.timers.resume(runner, paused.map((t) => resumedTimer(calendar, t, timers.shift)), calendarVersion);
        return;
      }
      case 'none':
        return;
    }
  }

  private newRows(caseId: string, plan: DeadlinePlan) {
    return plan.timers.action === 'replace'
      ? plan.timers.insert.map((t) => ({ ...t, caseId, policyVersion: (plan.timers as { policyVersion: number }).policyVersion, calendarVersion: (plan.timers as { calendarVersion?: number }).calendarVersion ?? null }))
      : [];
  }
}
