import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runPrepared, type SqlQuery } from '@app/database';
import { type Actor, caseScopeSql } from '@app/workflow';
import { type NoticeCondition, rulesFor } from '../domain/notice-rules';

export interface NoticeRow {
  id: string;
  caseId: string;
  seq: number;
  type: string;
  toState: string;
  at: string;
  level: number | null;
  caseCode: string;
  caseTitle: string;
  caseKind: string;
  unitId: string | null;
  reviewerUnitId: string | null;
  read: boolean;
}

export interface NoticeFilter {
  since: Date;
  unreadOnly: boolean;
  before?: { at: string; id: string };
  limit: number;
}

const CONDITION_SQL: Record<NoticeCondition, (own: string) => string> = {
  'own-unit': (own) => `e.unit_id = ANY(${own}::uuid[])`,
  'reviewer-unit': (own) => `c.reviewer_unit_id = ANY(${own}::uuid[])`,
  'back-to-unit': (own) => `e.to_state = 'rectifying.inProgress' AND e.unit_id = ANY(${own}::uuid[])`,
  hotline: () => `c.kind = 'hotline'`,
  'to-verified': () => `e.to_state = 'verified'`,
  'supervised-level': () => `jsonb_typeof(e.payload->'level') = 'number' AND (e.payload->>'level')::int >= 2`,
};

/**
 * The reader's notices as SQL: the trail's events of the last days that a rule of one of their
 * roles matches, within their case scope, not their own doing, newest first.
 */
function noticeConditions(actor: Actor, filter: Omit<NoticeFilter, 'limit'>, params: unknown[]): string {
  const rules = rulesFor(actor.roles);
  params.push(actor.id);
  const me = `$${params.length}`;
  params.push(actor.id);
  const reader = `$${params.length}`;
  params.push(filter.since);
  const since = `$${params.length}`;
  let own = '';
  if (rules.some((r) => r.where === 'own-unit' || r.where === 'reviewer-unit' || r.where === 'back-to-unit')) {
    params.push(actor.unitSubtree);
    own = `$${params.length}`;
  }
  const clauses = rules.map((rule) => {
    params.push(rule.types);
    const types = `e.type = ANY($${params.length}::text[])`;
    return rule.where ? `(${types} AND ${CONDITION_SQL[rule.where](own)})` : `(${types})`;
  });
  // Read notices need not be scanned: the window starts at the reader's last "mark all read".
  const start = filter.unreadOnly ? `GREATEST(${since}::timestamptz, COALESCE((SELECT read_before FROM notice_marks WHERE user_id = ${reader}::uuid), '-infinity'::timestamptz))` : `${since}::timestamptz`;
  const where = [`e.at >= ${start}`, `e.actor_id <> ${me}::text`, `(${clauses.join(' OR ')})`, caseScopeSql(actor.scope, 'c', params)];
  if (filter.unreadOnly) where.push(`r.event_id IS NULL AND e.at > COALESCE(m.read_before, '-infinity'::timestamptz)`);
  if (filter.before) {
    params.push(filter.before.at, filter.before.id);
    where.push(`(e.at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  return `FROM case_events e JOIN cases c ON c.id = e.case_id
    LEFT JOIN notice_reads r ON r.user_id = ${reader}::uuid AND r.event_id = e.id
    LEFT JOIN notice_marks m ON m.user_id = ${reader}::uuid
    WHERE ${where.join(' AND ')}`;
}

export function noticesQuery(actor: Actor, filter: NoticeFilter): SqlQuery {
  const params: unknown[] = [];
  const from = noticeConditions(actor, filter, params);
  params.push(filter.limit);
  return [
    `SELECT e.id::text AS id, e.case_id AS "caseId", e.seq, e.type, e.to_state AS "toState",
            to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
            CASE WHEN jsonb_typeof(e.payload->'level') = 'number' THEN (e.payload->>'level')::int END AS level,
            c.code AS "caseCode", c.title AS "caseTitle", c.kind AS "caseKind", e.unit_id AS "unitId", c.reviewer_unit_id AS "reviewerUnitId",
            (r.event_id IS NOT NULL OR e.at <= COALESCE(m.read_before, '-infinity'::timestamptz)) AS read
     ${from}
     ORDER BY e.at DESC, e.id DESC LIMIT $${params.length}`,
    params,
  ];
}

/** Unread notices, counted up to `cap` (the header shows 99+). */
export function unreadCountQuery(actor: Actor, since: Date, cap: number): SqlQuery {
  const params: unknown[] = [];
  const from = noticeConditions(actor, { since, unreadOnly: true }, params);
  params.push(cap);
  return [`SELECT count(*)::int AS n FROM (SELECT 1 ${from} LIMIT $${params.length}) x`, params];
}

@Injectable()
export class NoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** An admin or auditor has no rule: no notices (and no query). */
  async list(actor: Actor, filter: NoticeFilter): Promise<NoticeRow[]> {
    if (!rulesFor(actor.roles).length) return [];
    return runPrepared<NoticeRow>(this.dataSource, noticesQuery(actor, filter));
  }

  async unread(actor: Actor, since: Date, cap: number): Promise<number> {
    if (!rulesFor(actor.roles).length) return 0;
    const [row] = await runPrepared<{ n: number }>(this.dataSource, unreadCountQuery(actor, since, cap));
    return row.n;
  }

  async markRead(userId: string, eventIds: readonly string[]): Promise<void> {
    if (!eventIds.length) return;
    await this.dataSource.query(`INSERT INTO notice_reads (user_id, event_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, [userId, eventIds]);
  }

  /** Everything until now is read; single marks before it are no longer needed. */
  async markAllRead(userId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notice_marks (user_id, read_before) VALUES ($1, now()) ON CONFLICT (user_id) DO UPDATE SET read_before = EXCLUDED.read_before`,
      [userId],
    );
    await this.dataSource.query(`DELETE FROM notice_reads WHERE user_id = $1`, [userId]);
  }
}
