import { ORGANISATION_FORMS, PERSON_FORMS } from '@app/workflow';
import type { MetricPart, ReportKind } from '../domain/metrics';

/**
 * Every figure of the assessment report (DESIGN §10) as one query over the audit trail that yields
 * the (unit, case) pairs it counts. The report counts them; a drill-down lists the same cases, so a
 * figure and its list always agree.
 *
 * Parameters every query takes: $1 kind, $2 from, $3 to (instants), $4 from, $5 to (ISO text, for
 * deadlines kept as text in the case's fields).
 */
export const PERIOD_PARAMS = 5;

/** The unit the case was with after the event (written with it): an ASSIGN's new unit, otherwise the unit it stayed with. */
const unitAt = (e: string) => `${e}.unit_id`;

/** Events of one type on cases of the kind, in the period. */
const inPeriod = (type: string, extra = '') =>
  `SELECT e.case_id, e.seq, e.at, e.payload, ${unitAt('e')} AS unit_id
   FROM case_events e JOIN cases c ON c.id = e.case_id
   WHERE c.kind = $1 AND e.type = '${type}' AND e.at >= $2 AND e.at < $3 ${extra}`;

/** The case's first event of a type, where that fell in the period (first events found in one grouped pass). */
const firstOf = (type: string) =>
  `SELECT e.case_id, e.seq, e.at, e.payload, ${unitAt('e')} AS unit_id
   FROM case_events e JOIN cases c ON c.id = e.case_id
   JOIN (SELECT f.case_id, min(f.seq) AS seq FROM case_events f WHERE f.type = '${type}' AND f.at < $3 GROUP BY f.case_id) first
     ON first.case_id = e.case_id AND first.seq = e.seq
   WHERE c.kind = $1 AND e.type = '${type}' AND e.at >= $2 AND e.at < $3`;

/** The case's latest event of a type within the period. */
const latestInPeriod = (type: string) =>
  inPeriod(type, `AND NOT EXISTS (SELECT 1 FROM case_events l WHERE l.case_id = e.case_id AND l.type = '${type}' AND l.seq > e.seq AND l.at < $3)`);

const pairs = (source: string) => `SELECT s.unit_id, s.case_id FROM (${source}) s`;

const assigned = `SELECT (e.payload->>'unitId')::uuid AS unit_id, e.case_id, e.seq
  FROM case_events e JOIN cases c ON c.id = e.case_id
  WHERE c.kind = $1 AND e.type = 'ASSIGN' AND e.at >= $2 AND e.at < $3`;

/** Items whose deadline fell in the period or that were verified in it. */
const dueOrVerified = `SELECT k.id FROM cases k WHERE k.kind = $1 AND k.fields->>'dueAt' >= $4 AND k.fields->>'dueAt' < $5
  UNION
  SELECT e.case_id FROM case_events e WHERE e.type = 'VERIFY_PASS' AND e.at >= $2 AND e.at < $3`;

/** Each case's first VERIFY_PASS before the period's end, grouped in one pass (not looked up case by case). */
const firstVerifyPass = `SELECT v.case_id, min(v.at) AS verified_at FROM case_events v WHERE v.type = 'VERIFY_PASS' AND v.at < $3 GROUP BY v.case_id`;

/**
 * Dispatches in the period signed for in time: the event after each ASSIGN among those that decide
 * it (signed for, sent back, dispatched again, recorded late) is the ACCEPT.
 */
const signedInTime = `SELECT a.unit_id, a.case_id FROM (
    SELECT x.case_id, x.type, x.at, x.unit_id, lead(x.type) OVER (PARTITION BY x.case_id ORDER BY x.seq) AS next_type
    FROM case_events x JOIN cases c ON c.id = x.case_id
    WHERE c.kind = $1
      AND x.case_id IN (SELECT e.case_id FROM case_events e WHERE e.type = 'ASSIGN' AND e.at >= $2 AND e.at < $3)
      AND (x.type IN ('ACCEPT', 'RETURN', 'ASSIGN') OR (x.type = 'SLA_BREACHED' AND x.from_state = 'assigned'))
  ) a
  WHERE a.type = 'ASSIGN' AND a.at >= $2 AND a.at < $3 AND a.next_type = 'ACCEPT'`;

type Parts = Partial<Record<MetricPart, string>>;

/**
 * Duties of the responsibility list (履责事项) due in the period, whatever `$1` says: the list's own
 * kind. A duty due on 03-31 ends at 24:00, the instant April begins, so it belongs to (from, to].
 */
const dutiesDue = `SELECT c.unit_id, c.id AS case_id FROM cases c
  WHERE c.kind = 'obligation' AND c.state_detail <> 'closed.withdrawn' AND c.fields->>'dueAt' > $4 AND c.fields->>'dueAt' <= $5`;

const RECTIFICATION: Record<string, Parts> = {
  opened: { count: `SELECT c.unit_id, e.case_id FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.kind = $1 AND e.type = 'OPENED' AND e.at >= $2 AND e.at < $3` },
  closed: { count: pairs(inPeriod('APPROVE_CLOSURE')) },
  onTime: {
    denominator: `SELECT c.unit_id, c.id AS case_id FROM cases c WHERE c.kind = $1 AND c.id IN (${dueOrVerified})`,
    numerator: `SELECT c.unit_id, c.id AS case_id FROM cases c JOIN (${firstVerifyPass}) fv ON fv.case_id = c.id
      WHERE c.kind = $1 AND fv.verified_at <= (c.fields->>'dueAt')::timestamptz AND c.id IN (${dueOrVerified})`,
  },
  overdueOpen: {
    count: `SELECT c.unit_id, c.id AS case_id FROM cases c
      WHERE c.kind = $1 AND c.opened_at < $3 AND (c.closed_at IS NULL OR c.closed_at >= $3)
        AND c.fields->>'dueAt' < $5
        AND NOT EXISTS (SELECT 1 FROM case_events v WHERE v.case_id = c.id AND v.type = 'VERIFY_PASS' AND v.at < $3)`,
  },
  duration: { count: pairs(latestInPeriod('VERIFY_PASS')) },
  rework: {
    denominator: pairs(latestInPeriod('VERIFY_PASS')),
    numerator: `SELECT s.unit_id, s.case_id FROM (${latestInPeriod('VERIFY_PASS')}) s
      WHERE EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = s.case_id AND r.type IN ('VERIFY_FAIL', 'REJECT_CLOSURE') AND r.at < $3)`,
  },
  returned: { denominator: `SELECT a.unit_id, a.case_id FROM (${assigned}) a`, numerator: pairs(inPeriod('RETURN')) },
  extended: { denominator: `SELECT a.unit_id, a.case_id FROM (${assigned}) a`, numerator: pairs(inPeriod('APPROVE_EXTENSION')) },
  // Accepted (closed by the reviewer) by the period's end, the last evidence sent no later than the duty's deadline:
  // a reviewer slow to answer does not make a unit late.
  obligationsOnTime: {
    denominator: dutiesDue,
    numerator: `${dutiesDue} AND c.closed_at < $3
      AND (SELECT max(s.at) FROM case_events s WHERE s.case_id = c.id AND s.type = 'SUBMIT_REPORT' AND s.at <= c.closed_at) <= (c.fields->>'dueAt')::timestamptz`,
  },
};

const HOTLINE: Record<string, Parts> = {
  assigned: { count: `SELECT a.unit_id, a.case_id FROM (${assigned}) a` },
  signedOnTime: {
    denominator: `SELECT a.unit_id, a.case_id FROM (${assigned}) a`,
    numerator: signedInTime,
  },
  repliedOnTime: {
    denominator: pairs(firstOf('REPLY')),
    numerator: `SELECT s.unit_id, s.case_id FROM (${firstOf('REPLY')}) s
      WHERE NOT EXISTS (SELECT 1 FROM case_events b WHERE b.case_id = s.case_id AND b.type = 'SLA_BREACHED' AND b.from_state = 'rectifying.inProgress' AND b.seq < s.seq)`,
  },
  returned: { denominator: `SELECT a.unit_id, a.case_id FROM (${assigned}) a`, numerator: pairs(inPeriod('RETURN')) },
  redone: {
    denominator: pairs(inPeriod('CALLBACK')),
    numerator: pairs(inPeriod('CALLBACK', `AND e.payload->>'satisfaction' = 'unsatisfied'`)),
  },
  satisfied: {
    denominator: pairs(firstOf('CALLBACK')),
    numerator: `SELECT s.unit_id, s.case_id FROM (${firstOf('CALLBACK')}) s WHERE s.payload->>'satisfaction' IN ('satisfied', 'basically_satisfied')`,
  },
  basicallySatisfied: {
    denominator: pairs(firstOf('CALLBACK')),
    numerator: `SELECT s.unit_id, s.case_id FROM (${firstOf('CALLBACK')}) s WHERE s.payload->>'satisfaction' = 'basically_satisfied'`,
  },
};

/** Escalations of rectification items and work orders, whatever `$1` says; decisions on accountability cases. */
const escalatedTo = (level: number) =>
  `SELECT ${unitAt('e')} AS unit_id, e.case_id FROM case_events e JOIN cases c ON c.id = e.case_id
   WHERE c.kind <> 'accountability' AND e.type = 'ESCALATE' AND (e.payload->>'level')::int = ${level} AND e.at >= $2 AND e.at < $3`;

const decided = (targetType: string, form: string) =>
  `SELECT COALESCE((e.payload->>'targetUnitId')::uuid, c.unit_id) AS unit_id, e.case_id FROM case_events e JOIN cases c ON c.id = e.case_id
   WHERE c.kind = 'accountability' AND e.type = 'DECIDE' AND e.payload->>'targetType' = '${targetType}' AND e.payload->>'form' = '${form}'
     AND e.at >= $2 AND e.at < $3`;

const ESCALATIONS: Record<string, Parts> = Object.fromEntries([
  ...[1, 2, 3].map((level) => [`level${level}`, { count: escalatedTo(level) }]),
  ...ORGANISATION_FORMS.map((form) => [`unit:${form}`, { count: decided('unit', form) }]),
  ...PERSON_FORMS.map((form) => [`person:${form}`, { count: decided('person', form) }]),
]);

const QUERIES: Record<ReportKind, Record<string, Parts>> = { rectification: RECTIFICATION, hotline: HOTLINE, escalations: ESCALATIONS };

/** The (unit_id, case_id) pairs one part of one metric counts. */
export function metricPairsSql(kind: ReportKind, metric: string, part: MetricPart): string {
  const sql = QUERIES[kind][metric]?.[part];
  if (!sql) throw new Error(`no query for ${kind}.${metric}.${part}`);
  // The one-row join gives every parameter its type, used or not by this figure.
  return `SELECT q.unit_id, q.case_id FROM (${sql}) q, (SELECT $1::text, $2::timestamptz, $3::timestamptz, $4::text, $5::text) AS period(kind, f, t, fi, ti)`;
}

/** The cases behind 平均整改用时, with when work began (first ACCEPT) and when it passed (latest VERIFY_PASS in the period). */
export const DURATION_SQL = `SELECT s.unit_id, s.case_id, s.at AS verified_at,
    (SELECT min(x.at) FROM case_events x WHERE x.case_id = s.case_id AND x.type = 'ACCEPT' AND x.seq < s.seq) AS accepted_at
  FROM (${latestInPeriod('VERIFY_PASS')}) s, (SELECT $4::text, $5::text) AS period(fi, ti)`;
