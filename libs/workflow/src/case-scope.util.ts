import { type CaseScope, UNIT_HIDDEN_KINDS } from './actor';

/**
 * The one rule that keeps a unit out of other units' cases (and every unit out of accountability
 * files), as SQL on the `cases` row aliased `alias`. Every query of case data — cases, their audit
 * events, counts, links, verification — takes its condition from here. Parameters are appended to
 * `params`; a county-wide scope gives `TRUE`.
 */
export function caseScopeSql(scope: CaseScope, alias: string, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  params.push(scope.unitIds, UNIT_HIDDEN_KINDS);
  return `(${alias}.unit_id = ANY($${params.length - 1}::uuid[]) AND ${alias}.kind <> ALL($${params.length}::text[]))`;
}
