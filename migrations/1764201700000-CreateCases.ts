import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1764201700000 implements MigrationInterface {
  name = 'CreateCases1764201700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_code_counters (
        kind text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (kind, year)
      )`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('rectification', 'hotline', 'accountability')),
        title text NOT NULL,
        fields jsonb NOT NULL DEFAULT '{}',
        unit_id uuid REFERENCES units (id),
        assignee_id uuid REFERENCES users (id),
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent')),
        state text NOT NULL CHECK (state IN ('opened', 'assigned', 'rectifying', 'verified', 'closed')),
        state_detail text NOT NULL,
        snapshot jsonb NOT NULL,
        machine_version integer NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        chain_head text NOT NULL,
        due_at timestamptz,
        warn_at timestamptz,
        calendar_complete boolean NOT NULL DEFAULT true,
        escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 3),
        rework_count integer NOT NULL DEFAULT 0,
        suspended boolean NOT NULL DEFAULT false,
        parent_case_id uuid REFERENCES cases (id),
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL,
        CONSTRAINT cases_code_unique UNIQUE (code)
      )`);
    await q.query(`CREATE INDEX cases_state_unit_idx ON cases (state, unit_id)`);
    await q.query(`CREATE INDEX cases_listing_idx ON cases (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_unit_listing_idx ON cases (unit_id, opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_assignee_idx ON cases (assignee_id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX cases_open_due_idx ON cases (due_at) WHERE state <> 'closed' AND due_at IS NOT NULL`);
    await q.query(`CREATE INDEX cases_escalated_idx ON cases (escalation_level) WHERE escalation_level > 0`);
    await q.query(`CREATE INDEX cases_parent_idx ON cases (parent_case_id) WHERE parent_case_id IS NOT NULL`);

    // The audit trail: one row per applied event, hash-chained per case, never changed.
    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        seq integer NOT NULL CHECK (seq >= 1),
        type text NOT NULL,
        payload jsonb NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        actor_unit_id uuid,
        machine_version integer NOT NULL,
        correlation_id text NOT NULL,
        at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT case_events_case_seq_unique UNIQUE (case_id, seq)
      )`);
    await q.query(`CREATE INDEX case_events_actor_at_idx ON case_events (actor_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX case_events_actor_unit_at_idx ON case_events (actor_unit_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX case_events_type_at_idx ON case_events (type, at DESC, id DESC)`);
    await q.query(`CREATE INDEX case_events_at_idx ON case_events (at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`
      CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only()`);

    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id bigint NOT NULL REFERENCES case_events (id),
        topic text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_undelivered_idx ON outbox (id) WHERE delivered_at IS NULL`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP FUNCTION case_events_append_only()`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE case_code_counters`);
  }
}
