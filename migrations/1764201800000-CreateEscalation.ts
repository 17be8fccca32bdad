import { MigrationInterface, QueryRunner } from 'typeorm';

/** The default SLA policy (DESIGN.md §4, escalation issue): version 1, editable through the API. */
const escalation = [
  { level: 1, after: '0s' },
  { level: 2, after: '3wd' },
  { level: 3, after: '5wd' },
];
export const DEFAULT_RULES = [
  { kind: 'rectification', priority: 'any', state: 'assigned', deadline: '1wd', warnBefore: '4h', escalation },
  { kind: 'rectification', priority: 'any', state: 'rectifying.inProgress', deadline: 'caseDueAt', warnBefore: '3wd', escalation },
  { kind: 'rectification', priority: 'any', state: 'rectifying.awaitingVerification', deadline: '3wd', warnBefore: '1wd', escalation },
  { kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '1wd', warnBefore: '4h', escalation },
  { kind: 'hotline', priority: 'urgent', state: 'assigned', deadline: '2h', warnBefore: '30m', escalation },
  { kind: 'hotline', priority: 'normal', state: 'rectifying.inProgress', deadline: '5wd', warnBefore: '1wd', escalation },
  { kind: 'hotline', priority: 'urgent', state: 'rectifying.inProgress', deadline: '1wd', warnBefore: '4h', escalation },
  { kind: 'hotline', priority: 'any', state: 'rectifying.awaitingVerification', deadline: '3wd', warnBefore: '1wd', escalation },
];

export class CreateEscalation1764201800000 implements MigrationInterface {
  name = 'CreateEscalation1764201800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_years (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        holidays date[] NOT NULL,
        workdays date[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE sla_policies (
        version integer PRIMARY KEY,
        rules jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await q.query(`INSERT INTO sla_policies (version, rules, created_by) VALUES (1, $1, 'system')`, [JSON.stringify(DEFAULT_RULES)]);
    await q.query(`
      CREATE TABLE case_timers (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        purpose text NOT NULL CHECK (purpose IN ('warning', 'breach', 'escalate')),
        level smallint NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
        due_at timestamptz NOT NULL,
        clock text NOT NULL CHECK (clock IN ('workday', 'wall')),
        state_entered text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paused', 'fired', 'cancelled', 'parked')),
        policy_version integer NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error text,
        fired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_timers_due_idx ON case_timers (due_at, id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX case_timers_case_idx ON case_timers (case_id) WHERE status IN ('pending', 'paused')`);
    await q.query(`CREATE INDEX case_timers_parked_idx ON case_timers (id) WHERE status = 'parked'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_timers`);
    await q.query(`DROP TABLE sla_policies`);
    await q.query(`DROP TABLE calendar_years`);
  }
}
