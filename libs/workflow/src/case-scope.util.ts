import { type CaseScope, UNIT_HIDDEN_KINDS } from './actor';

/**
 * The one rule that keeps a unit out of other units' cases (and every unit out of accountability
 * files), as SQL on the `cases` row aliased `alias`. A unit reads its own cases and those it was
 * named to review (a duty of the responsibility list reviewed by 县直机关工委). Every query of case data — cases, their audit
 * events, counts, links, verification — takes its condition from here. Parameters are appended to
 * `params`; a county-wide scope gives `TRUE`.
 */
export function caseScopeSql(scope: CaseScope, alias: string, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  params.push(scope.unitIds, UNIT_HIDDEN_KINDS);
  const units = `$${params.length - 1}::uuid[]`;
  return `((${alias}.unit_id = ANY(${units}) OR ${alias}.reviewer_unit_id = ANY(${units})) AND ${alias}.kind <> ALL($${params.length}::text[]))`;
}
