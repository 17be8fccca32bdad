import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit that held the case after each event, on the event: the assessment reports attribute
 * every event to it without walking back through the case's assignments. Derived data, outside
 * the hash chain; existing events get it from the last ASSIGN up to them, else the case's unit.
 */
export class AddEventUnit1765500000000 implements MigrationInterface {
  name = 'AddEventUnit1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN unit_id uuid`);
    await q.query(`ALTER TABLE case_events DISABLE TRIGGER case_events_no_update_delete`);
    await q.query(`
      UPDATE case_events e SET unit_id = COALESCE(
        (SELECT (a.payload->>'unitId')::uuid FROM case_events a
         WHERE a.case_id = e.case_id AND a.type = 'ASSIGN' AND a.payload ? 'unitId' AND a.seq <= e.seq ORDER BY a.seq DESC LIMIT 1),
        (SELECT c.unit_id FROM cases c WHERE c.id = e.case_id))`);
    await q.query(`ALTER TABLE case_events ENABLE TRIGGER case_events_no_update_delete`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events DROP COLUMN unit_id`);
  }
}
