import { MigrationInterface, QueryRunner } from 'typeorm';

const escalationOf = (open: boolean) => [
  { level: 1, after: '0s', action: 'notify' },
  { level: 2, after: '5wd', action: open ? 'open-rectification' : 'notify' },
];

/**
 * Deadlines of 履责事项 (DESIGN.md §11): due on the date the list gives; the breach is a reminder
 * (催办), five working days later a rectification item (考核反馈) is opened against the unit. A
 * reviewer who sits on submitted evidence is reminded, but the unit is not blamed for it.
 */
export const OBLIGATION_RULES = [
  { kind: 'obligation', priority: 'any', state: 'assigned', deadline: 'caseDueAt', warnBefore: '5wd', escalation: escalationOf(true) },
  { kind: 'obligation', priority: 'any', state: 'rectifying.inProgress', deadline: 'caseDueAt', warnBefore: '3wd', escalation: escalationOf(true) },
  { kind: 'obligation', priority: 'any', state: 'rectifying.awaitingVerification', deadline: '5wd', warnBefore: '1wd', escalation: escalationOf(false) },
];

/**
 * The responsibility list (机关党建主体责任清单): versioned lists per year, the one-case-per-duty
 * key that makes generating its obligations idempotent, the new case kind, holiday names in the
 * calendar, and the escalation step that opens a rectification item.
 */
export class CreateResponsibilityLists1765600000000 implements MigrationInterface {
  name = 'CreateResponsibilityLists1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE responsibility_lists (
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        version integer NOT NULL CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        items jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        PRIMARY KEY (year, version)
      )`);
    await q.query(`
      CREATE TABLE obligation_cases (
        list_year integer NOT NULL,
        obligation_key text NOT NULL,
        unit_id uuid NOT NULL REFERENCES units (id),
        period text NOT NULL,
        item_no integer NOT NULL,
        case_id uuid NOT NULL UNIQUE REFERENCES cases (id),
        list_version integer NOT NULL,
        PRIMARY KEY (list_year, obligation_key, unit_id, period)
      )`);
    await q.query(`CREATE INDEX obligation_cases_item_idx ON obligation_cases (list_year, item_no, unit_id)`);
    // 履责完成率 reads duties by their own deadline, as 按期完成率 reads rectification items.
    await q.query(`CREATE INDEX cases_obligation_due_idx ON cases ((fields->>'dueAt')) WHERE kind = 'obligation'`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_kind_check`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT cases_kind_check CHECK (kind IN ('rectification', 'hotline', 'accountability', 'obligation'))`);
    await q.query(`ALTER TABLE case_timers DROP CONSTRAINT case_timers_action_check`);
    await q.query(`ALTER TABLE case_timers ADD CONSTRAINT case_timers_action_check CHECK (action IN ('notify', 'open-accountability', 'open-rectification'))`);
    await q.query(`ALTER TABLE calendar_years ADD COLUMN holiday_names jsonb NOT NULL DEFAULT '{}'`);
    await q.query(
      `INSERT INTO sla_policies (version, rules, created_by)
       SELECT version + 1, rules || $1::jsonb, 'system' FROM sla_policies
        WHERE NOT EXISTS (SELECT 1 FROM sla_policies p, jsonb_array_elements(p.rules) r WHERE r->>'kind' = 'obligation')
        ORDER BY version DESC LIMIT 1`,
      [JSON.stringify(OBLIGATION_RULES)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM sla_policies p WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(p.rules) r WHERE r->>'kind' = 'obligation') AND created_by = 'system'`);
    await q.query(`ALTER TABLE calendar_years DROP COLUMN holiday_names`);
    await q.query(`ALTER TABLE case_timers DROP CONSTRAINT case_timers_action_check`);
    await q.query(`ALTER TABLE case_timers ADD CONSTRAINT case_timers_action_check CHECK (action IN ('notify', 'open-accountability'))`);
    await q.query(`DROP INDEX cases_obligation_due_idx`);
    await q.query(`DROP TABLE obligation_cases`);
    await q.query(`DROP TABLE responsibility_lists`);
    await q.query(`DELETE FROM cases WHERE kind = 'obligation'`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_kind_check`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT cases_kind_check CHECK (kind IN ('rectification', 'hotline', 'accountability'))`);
  }
}
