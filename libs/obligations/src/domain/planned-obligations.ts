import type { WorkingCalendar } from '@app/calendar';
import type { FieldError } from '@app/workflow';
import { periodsOf, type ObligationPeriod } from './obligation-periods';
import type { ListItem, Obligation } from './responsibility-list';

export interface UnitRef {
  id: string;
  parentId: string | null;
}

/** One case the published list asks for: a duty, a unit, a period. */
export interface PlannedObligation extends ObligationPeriod {
  item: ListItem;
  obligation: Obligation;
  unitId: string;
  title: string;
}

/** `departments` means the units directly under the county (县直部门单位); a list of ids selects others. */
export function unitsOf(appliesTo: Obligation['appliesTo'], units: readonly UnitRef[]): string[] {
  if (appliesTo !== 'departments') return [...appliesTo];
  const roots = new Set(units.filter((u) => u.parentId === null).map((u) => u.id));
  return units.filter((u) => u.parentId !== null && roots.has(u.parentId)).map((u) => u.id);
}

export const obligationCaseTitle = (obligation: Obligation, period: ObligationPeriod) => `${obligation.title}（${period.label}）`.slice(0, 200);

/**
 * Every case a year's list asks for, without I/O; or the reasons it cannot be placed (unknown
 * units, dates the year lacks, holidays its calendar does not name), each naming its field.
 */
export function planObligations(
  year: number,
  items: readonly ListItem[],
  units: readonly UnitRef[],
  calendar: Pick<WorkingCalendar, 'addWorkdays' | 'holidayStarts'>,
): { planned: PlannedObligation[]; errors: FieldError[] } {
  const known = new Set(units.map((u) => u.id));
  const planned: PlannedObligation[] = [];
  const errors: FieldError[] = [];
  items.forEach((item, i) =>
    item.obligations.forEach((obligation, j) => {
      const field = `items[${i}].obligations[${j}]`;
      const unknown = obligation.appliesTo === 'departments' ? [] : obligation.appliesTo.filter((id) => !known.has(id));
      for (const id of unknown) errors.push({ field: `${field}.appliesTo`, code: 'not_found', message: `no unit with id ${id}` });
      if (obligation.reviewerUnitId && !known.has(obligation.reviewerUnitId)) {
        errors.push({ field: `${field}.reviewerUnitId`, code: 'not_found', message: 'no unit with this id' });
      }
      const { periods, errors: placing } = periodsOf(obligation, year, calendar, field);
      errors.push(...placing);
      if (unknown.length) return;
      for (const unitId of unitsOf(obligation.appliesTo, units)) {
        for (const period of periods) planned.push({ ...period, item, obligation, unitId, title: obligationCaseTitle(obligation, period) });
      }
    }),
  );
  return { planned, errors };
}
