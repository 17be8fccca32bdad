import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1764201600000 implements MigrationInterface {
  name = 'CreateIdentity1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        parent_id uuid REFERENCES units (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT units_code_unique UNIQUE (code),
        CONSTRAINT units_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
      )`);
    await q.query(`CREATE INDEX units_parent_idx ON units (parent_id)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        display_name text NOT NULL,
        unit_id uuid NOT NULL REFERENCES units (id),
        roles text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['inspector','supervisor','unit_officer','hotline_agent','auditor','admin']::text[])
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_unique ON users (lower(username))`);
    await q.query(`CREATE INDEX users_unit_idx ON users (unit_id)`);
    // Failed-login counters shared by every API process (rate-limiter-flexible's layout).
    await q.query(`
      CREATE TABLE login_throttle (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(`
      CREATE TABLE app_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_settings`);
    await q.query(`DROP TABLE login_throttle`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE units`);
  }
}
