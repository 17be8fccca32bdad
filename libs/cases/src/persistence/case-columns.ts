import { withoutCaller } from '../domain/caller-data';
import type { CaseRow } from '../domain/case-row.type';

interface Column {
  name: string;
  /** The PostgreSQL type of the column, for unnest() of a batch. */
  type: string;
  json?: true;
  /** Written by transitions; the others are set once, when the case is opened. */
  mutable?: true;
}

/**
 * The one column list of `cases`: the select list, the insert and the batch update are generated
 * from it, and the mapped type makes a column missing here, or a field missing from CaseRow, a
 * compile error.
 */
const COLUMNS: { readonly [K in keyof CaseRow]-?: Column } = {
  id: { name: 'id', type: 'uuid' },
  code: { name: 'code', type: 'text' },
  kind: { name: 'kind', type: 'text' },
  title: { name: 'title', type: 'text', mutable: true },
  fields: { name: 'fields', type: 'jsonb', json: true, mutable: true },
  unitId: { name: 'unit_id', type: 'uuid', mutable: true },
  assigneeId: { name: 'assignee_id', type: 'uuid', mutable: true },
  priority: { name: 'priority', type: 'text' },
  state: { name: 'state', type: 'text', mutable: true },
  stateDetail: { name: 'state_detail', type: 'text', mutable: true },
  snapshot: { name: 'snapshot', type: 'jsonb', json: true, mutable: true },
  machineVersion: { name: 'machine_version', type: 'int' },
  version: { name: 'version', type: 'int', mutable: true },
  contentVersion: { name: 'content_version', type: 'int', mutable: true },
  chainHead: { name: 'chain_head', type: 'text', mutable: true },
  dueAt: { name: 'due_at', type: 'timestamptz', mutable: true },
  warnAt: { name: 'warn_at', type: 'timestamptz', mutable: true },
  calendarComplete: { name: 'calendar_complete', type: 'bool', mutable: true },
  escalationLevel: { name: 'escalation_level', type: 'smallint', mutable: true },
  maxEscalationLevel: { name: 'max_escalation_level', type: 'smallint', mutable: true },
  reworkCount: { name: 'rework_count', type: 'int', mutable: true },
  suspended: { name: 'suspended', type: 'bool', mutable: true },
  parentCaseId: { name: 'parent_case_id', type: 'uuid' },
  reviewerUnitId: { name: 'reviewer_unit_id', type: 'uuid' },
  openedBy: { name: 'opened_by', type: 'text' },
  openedAt: { name: 'opened_at', type: 'timestamptz' },
  closedAt: { name: 'closed_at', type: 'timestamptz', mutable: true },
  updatedAt: { name: 'updated_at', type: 'timestamptz', mutable: true },
};

type Key = keyof CaseRow;
const ALL = Object.keys(COLUMNS) as Key[];
const MUTABLE = ALL.filter((key) => COLUMNS[key].mutable);

// A caller's data read into `fields` is written back to caller_data only, never into cases.fields.
const valueOf = (row: CaseRow, key: Key): unknown => (key === 'fields' ? JSON.stringify(withoutCaller(row.fields)) : COLUMNS[key].json ? JSON.stringify(row[key]) : row[key]);

/** A hotline caller's data, kept in caller_data, joins the fields as read (or when it was erased). */
const FIELDS_AS_READ = `c.fields || COALESCE((SELECT jsonb_strip_nulls(jsonb_build_object('callerName', d.caller_name, 'callerPhone', d.caller_phone,
    'callerErasedAt', to_char(d.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) FROM caller_data d WHERE d.case_id = c.id), '{}'::jsonb) AS fields`;

/** `c.unit_id AS "unitId", …`: every column, read into a CaseRow. */
export const CASE_COLUMNS = ALL.map((key) => (key === 'fields' ? FIELDS_AS_READ : COLUMNS[key].name === key ? `c.${key}` : `c.${COLUMNS[key].name} AS "${key}"`)).join(', ');

/** INSERT of one new case: every column. */
export function insertCaseSql(row: CaseRow): [sql: string, params: unknown[]] {
  return [
    `INSERT INTO cases (${ALL.map((key) => COLUMNS[key].name).join(', ')}) VALUES (${ALL.map((_, i) => `$${i + 1}`).join(', ')})`,
    ALL.map((key) => valueOf(row, key)),
  ];
}

/** INSERT of many new cases in one statement, a column array each (unnest). */
export function insertCasesSql(rows: readonly CaseRow[]): [sql: string, params: unknown[]] {
  return [
    `INSERT INTO cases (${ALL.map((key) => COLUMNS[key].name).join(', ')})
     SELECT * FROM unnest(${ALL.map((key, i) => `$${i + 1}::${COLUMNS[key].type}[]`).join(', ')})`,
    ALL.map((key) => rows.map((row) => valueOf(row, key))),
  ];
}

/**
 * The `u` part of a WITH clause: new states of locked cases (the mutable columns), applied only
 * where the row is still at the version it was read at. Parameters are numbered from `first`.
 */
export function updateCasesCte(rows: readonly (CaseRow & { expectedVersion: number })[], first: number): { cte: string; params: unknown[] } {
  const keys: Key[] = ['id', ...MUTABLE];
  const names = keys.map((key) => COLUMNS[key].name);
  const arrays = keys.map((key, i) => `$${first + i}::${COLUMNS[key].type}[]`);
  return {
    cte: `u AS (
       UPDATE cases AS c SET ${MUTABLE.map((key) => `${COLUMNS[key].name} = v.${COLUMNS[key].name}`).join(', ')}
       FROM unnest(${arrays.join(', ')}, $${first + keys.length}::int[]) AS v(${names.join(', ')}, expected_version)
       WHERE c.id = v.id AND c.version = v.expected_version
       RETURNING c.id
     )`,
    params: [...keys.map((key) => rows.map((row) => valueOf(row, key))), rows.map((row) => row.expectedVersion)],
  };
}
