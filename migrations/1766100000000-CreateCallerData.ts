import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A hotline caller's name and phone leave `cases.fields` for a table of their own: the trail holds
 * only salted HMACs of them (new cases) or the masked forms (older ones), so a lawful erasure can
 * clear this row and the salt without touching an audited byte.
 */
export class CreateCallerData1766100000000 implements MigrationInterface {
  name = 'CreateCallerData1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE caller_data (
        case_id uuid PRIMARY KEY REFERENCES cases (id),
        salt bytea,
        caller_name text,
        caller_phone text,
        erased_at timestamptz,
        erased_by text,
        erasure_reason text,
        CHECK ((erased_at IS NULL) = (erasure_reason IS NULL)),
        CHECK (erased_at IS NULL OR (caller_name IS NULL AND caller_phone IS NULL AND salt IS NULL))
      )`);
    await q.query(`
      INSERT INTO caller_data (case_id, caller_name, caller_phone)
      SELECT id, fields->>'callerName', fields->>'callerPhone' FROM cases WHERE fields ?| array['callerName', 'callerPhone']`);
    await q.query(`UPDATE cases SET fields = fields - 'callerName' - 'callerPhone' WHERE fields ?| array['callerName', 'callerPhone']`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE cases c SET fields = c.fields || jsonb_strip_nulls(jsonb_build_object('callerName', d.caller_name, 'callerPhone', d.caller_phone))
      FROM caller_data d WHERE d.case_id = c.id`);
    await q.query(`DROP TABLE caller_data`);
  }
}
