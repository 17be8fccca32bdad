import { WorkingCalendar } from '@app/calendar';
import { DeadlineTransition, laterBy, planDeadlines, resumedTimer, shiftInstant } from './deadline-plan';
import { computeRecipe } from './timer-recipe';
import { SlaRule } from './sla-policy';

const ladder = [
  { level: 1 as const, after: '0s' },
  { level: 2 as const, after: '3wd' },
  { level: 3 as const, after: '5wd' },
];
const rules: SlaRule[] = [
  { kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '1wd', warnBefore: '4h', escalation: ladder },
  { kind: 'hotline', priority: 'urgent', state: 'assigned', deadline: '2h', warnBefore: '30m', escalation: ladder },
  { kind: 'hotline', priority: 'any', state: 'rectifying.inProgress', deadline: '5wd', warnBefore: '1wd', escalation: ladder },
  { kind: 'rectification', priority: 'any', state: 'rectifying.inProgress', deadline: 'caseDueAt', warnBefore: '3wd', escalation: ladder },
];
const policy = { version: 7, rules };
const calendar = new WorkingCalendar();
const shanghai = (s: string) => new Date(`${s}+08:00`);
const iso = (d: Date | null) => d?.toISOString();

const transition = (over: Partial<DeadlineTransition>): DeadlineTransition => ({
  kind: 'hotline',
  priority: 'normal',
  eventType: 'ASSIGN',
  fromState: 'opened',
  toState: 'assigned',
  caseDueAt: null,
  dueAt: null,
  warnAt: null,
  calendarComplete: true,
  ...over,
});

describe('planDeadlines', () => {
  it('gives a work order dispatched on Friday afternoon until the end of Monday to sign for, with the ladder after it', () => {
    const plan = planDeadlines(transition({}), policy, calendar, shanghai('2026-12-04T15:00:00'));
    expect(iso(plan.dueAt)).toBe(iso(shanghai('2026-12-08T00:00:00')));
    expect(iso(plan.warnAt)).toBe(iso(shanghai('2026-12-07T20:00:00')));
    expect(plan.timers).toMatchObject({ action: 'replace', policyVersion: 7 });
    const timers = plan.timers.action === 'replace' ? plan.timers.insert : [];
    expect(timers.map((t) => [t.purpose, t.level, t.dueAt.toISOString(), t.clock])).toEqual([
      ['warning', 0, iso(shanghai('2026-12-07T20:00:00')), 'workday'],
      ['breach', 0, iso(shanghai('2026-12-08T00:00:00')), 'workday'],
      ['escalate', 1, iso(shanghai('2026-12-08T00:00:00')), 'wall'],
      ['escalate', 2, iso(shanghai('2026-12-11T00:00:00')), 'workday'],
      ['escalate', 3, iso(shanghai('2026-12-15T00:00:00')), 'workday'],
    ]);
    expect(timers.every((t) => t.stateEntered === 'assigned')).toBe(true);
  });

  it('counts working days across the National Day holiday', () => {
    const plan = planDeadlines(
      transition({ eventType: 'ACCEPT', fromState: 'assigned', toState: 'rectifying.inProgress' }),
      policy,
      calendar,
      shanghai('2026-09-30T10:00:00'),
    );
    // 5 working days after 09-30: 10-08, 10-09, 10-10 (adjusted Saturday), 10-12, 10-13.
    expect(iso(plan.dueAt)).toBe(iso(shanghai('2026-10-14T00:00:00')));
  });

  it('uses the exact priority before the rule for any priority', () => {
    const plan = planDeadlines(transition({ priority: 'urgent' }), policy, calendar, shanghai('2026-12-04T15:00:00'));
    expect(iso(plan.dueAt)).toBe(iso(shanghai('2026-12-04T17:00:00')));
    expect(iso(plan.warnAt)).toBe(iso(shanghai('2026-12-04T16:30:00')));
  });

  it("uses a rectification item's own deadline", () => {
    const plan = planDeadlines(
      transition({ kind: 'rectification', eventType: 'ACCEPT', fromState: 'assigned', toState: 'rectifying.inProgress', caseDueAt: '2026-12-31T16:00:00.000Z' }),
      policy,
      calendar,
      shanghai('2026-12-01T09:00:00'),
    );
    expect(iso(plan.dueAt)).toBe('2026-12-31T16:00:00.000Z');
    expect(iso(plan.warnAt)).toBe(iso(shanghai('2026-12-29T00:00:00')));
  });

  it('says when a deadline was computed without a calendar for its year', () => {
    const plan = planDeadlines(transition({ eventType: 'ACCEPT', fromState: 'assigned', toState: 'rectifying.inProgress' }), policy, calendar, shanghai('2026-12-28T10:00:00'));
    expect(plan.calendarComplete).toBe(false);
    const loaded = new WorkingCalendar([{ year: 2027, holidays: ['2027-01-01'], workdays: [] }]);
    const complete = planDeadlines(transition({ eventType: 'ACCEPT', fromState: 'assigned', toState: 'rectifying.inProgress' }), policy, loaded, shanghai('2026-12-28T10:00:00'));
    expect(complete.calendarComplete).toBe(true);
    // 12-29, 12-30, 12-31, (01-01 holiday), 01-04, 01-05
    expect(iso(complete.dueAt)).toBe(iso(shanghai('2027-01-06T00:00:00')));
  });

  it('clears deadlines on entering a state without a rule, and on closing', () => {
    const none = planDeadlines(transition({ fromState: 'rectifying.inProgress', toState: 'verified', dueAt: new Date() }), policy, calendar, new Date());
    expect(none).toEqual({ dueAt: null, warnAt: null, calendarComplete: true, timers: { action: 'replace', insert: [], policyVersion: 7 } });
  });

  it('keeps everything on events that stay in the state', () => {
    const due = shanghai('2026-12-08T00:00:00');
    const plan = planDeadlines(transition({ eventType: 'REQUEST_EXTENSION', fromState: 'assigned', dueAt: due }), policy, calendar, new Date());
    expect(plan).toMatchObject({ dueAt: due, timers: { action: 'none' } });
  });

  it('re-plans from the approved date on APPROVE_EXTENSION', () => {
    const plan = planDeadlines(
      transition({ eventType: 'APPROVE_EXTENSION', fromState: 'rectifying.inProgress', toState: 'rectifying.inProgress', extensionDueAt: '2026-12-20T16:00:00.000Z' }),
      policy,
      calendar,
      shanghai('2026-12-01T09:00:00'),
    );
    expect(iso(plan.dueAt)).toBe('2026-12-20T16:00:00.000Z');
    expect(plan.timers.action).toBe('replace');
  });

  it('pauses on SUSPEND and moves on by the time suspended on RESUME', () => {
    expect(planDeadlines(transition({ eventType: 'SUSPEND', fromState: 'assigned' }), policy, calendar, new Date()).timers).toEqual({ action: 'pause' });
    const plan = planDeadlines(
      transition({
        eventType: 'RESUME',
        fromState: 'assigned',
        dueAt: shanghai('2026-12-08T00:00:00'),
        warnAt: shanghai('2026-12-07T20:00:00'),
        suspendedSince: shanghai('2026-12-02T10:00:00').toISOString(),
      }),
      policy,
      calendar,
      shanghai('2026-12-04T15:00:00'),
    );
    // Suspended Wednesday to Friday: two working days (Thursday, Friday) are given back.
    expect(plan.timers).toEqual({ action: 'resume', shift: { workdays: 2, ms: 2 * 86400_000 + 5 * 3600_000 } });
    expect(iso(plan.dueAt)).toBe(iso(shanghai('2026-12-10T00:00:00')));
    expect(iso(plan.warnAt)).toBe(iso(shanghai('2026-12-09T20:00:00')));
  });
  it('resumes a ladder in mixed units across the 2026 National Day holiday keeping its order and each gap in its own unit', () => {
    const mixed: SlaRule[] = [
      { kind: 'hotline', priority: 'any', state: 'assigned', deadline: '5wd', warnBefore: '2h', escalation: [{ level: 1, after: '4h' }, { level: 2, after: '1wd' }, { level: 3, after: '2wd' }] },
    ];
    const entered = shanghai('2026-09-29T10:00:00'); // Tuesday before the holiday: due after it
    const plan = planDeadlines(transition({}), { version: 1, rules: mixed }, calendar, entered);
    const timers = plan.timers.action === 'replace' ? plan.timers.insert : [];
    // Every timer's recipe gives back exactly the due time it was planned with.
    for (const t of timers) expect(iso(computeRecipe(calendar, t.recipe).at)).toBe(iso(t.dueAt));

    // Suspended that afternoon, resumed on Friday 9 October after the holiday.
    const since = shanghai('2026-09-29T15:00:00');
    const now = shanghai('2026-10-09T15:00:00');
    const resumed = planDeadlines(transition({ eventType: 'RESUME', fromState: 'assigned', dueAt: plan.dueAt, warnAt: plan.warnAt, suspendedSince: since.toISOString() }), { version: 1, rules: mixed }, calendar, now);
    const shift = resumed.timers.action === 'resume' ? resumed.timers.shift : { workdays: 0, ms: 0 };
    const moved = timers.map((t, i) => ({ ...t, ...resumedTimer(calendar, { id: String(i), dueAt: t.dueAt, clock: t.clock, recipe: t.recipe }, shift) }));
    const at = (purpose: string, level = 0) => moved.find((t) => t.purpose === purpose && t.level === level)!.dueAt;

    expect(iso(at('breach'))).toBe(iso(resumed.dueAt));
    expect(iso(at('warning'))).toBe(iso(resumed.warnAt));
    expect(at('breach').getTime() - at('warning').getTime()).toBe(2 * 3600_000);
    expect(at('escalate', 1).getTime() - at('breach').getTime()).toBe(4 * 3600_000);
    expect(iso(at('escalate', 2))).toBe(iso(laterBy(calendar, at('breach'), { amount: 1, unit: 'wd' }).at));
    expect(iso(at('escalate', 3))).toBe(iso(laterBy(calendar, at('breach'), { amount: 2, unit: 'wd' }).at));
    const order = ['warning', 'breach', 'escalate1', 'escalate2', 'escalate3'].map((k) => at(k.replace(/\d/, ''), Number(k.slice(-1)) || 0).getTime());
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);

    // Moving each timer by its own clock (how it was done) put 催办 after 督办 here.
    const byOwnClock = (level: number) => shiftInstant(calendar, timers.find((t) => t.level === level && t.purpose === 'escalate')!.dueAt, timers.find((t) => t.level === level && t.purpose === 'escalate')!.clock, shift).at;
    expect(byOwnClock(1).getTime()).toBeGreaterThan(byOwnClock(2).getTime());
  });

  describe('an imported item already past its own deadline', () => {
    const rectificationRules: SlaRule[] = [...rules, { kind: 'rectification', priority: 'any', state: 'assigned', deadline: '1wd', warnBefore: '4h', escalation: ladder }];
    const importedAt = shanghai('2026-12-02T10:00:00');
    const oldDeadline = '2026-06-30T16:00:00.000Z';

    it('arrives due at that deadline (red), with no warning or breach timer and the ladder counted from the import', () => {
      const plan = planDeadlines(
        transition({ kind: 'rectification', caseDueAt: oldDeadline, arrivingOverdue: true }),
        { version: 7, rules: rectificationRules },
        calendar,
        importedAt,
      );
      expect(iso(plan.dueAt)).toBe(oldDeadline);
      expect(plan.warnAt).toBeNull();
      const timers = plan.timers.action === 'replace' ? plan.timers.insert : [];
      expect(timers.map((t) => [t.purpose, t.level, t.dueAt.toISOString()])).toEqual([
        ['escalate', 1, importedAt.toISOString()],
        ['escalate', 2, iso(shanghai('2026-12-07T10:00:00'))],
        ['escalate', 3, iso(shanghai('2026-12-09T10:00:00'))],
      ]);
    });

    it('once signed for, keeps counting its ladder from the import, not from the old deadline', () => {
      const plan = planDeadlines(
        transition({ kind: 'rectification', eventType: 'ACCEPT', fromState: 'assigned', toState: 'rectifying.inProgress', caseDueAt: oldDeadline, ladderFrom: importedAt.toISOString() }),
        policy,
        calendar,
        shanghai('2026-12-03T09:00:00'),
      );
      expect(iso(plan.dueAt)).toBe(oldDeadline);
      const timers = plan.timers.action === 'replace' ? plan.timers.insert : [];
      expect(timers.filter((t) => t.purpose === 'escalate').map((t) => t.dueAt.toISOString())).toEqual([
        importedAt.toISOString(),
        iso(shanghai('2026-12-07T10:00:00')),
        iso(shanghai('2026-12-09T10:00:00')),
      ]);
    });

    it('counts from the deadline as usual once the deadline is later than the import (an extension)', () => {
      const plan = planDeadlines(
        transition({ kind: 'rectification', eventType: 'ACCEPT', fromState: 'assigned', toState: 'rectifying.inProgress', caseDueAt: '2027-03-31T16:00:00.000Z', ladderFrom: importedAt.toISOString() }),
        policy,
        calendar,
        shanghai('2026-12-03T09:00:00'),
      );
      const timers = plan.timers.action === 'replace' ? plan.timers.insert : [];
      expect(timers.find((t) => t.level === 1)?.dueAt.toISOString()).toBe('2027-03-31T16:00:00.000Z');
    });
  });
});
