import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statement that checks what it wrote and fails the transaction itself when the check fails,
 * so the caller need not read its answer before the COMMIT and both travel in one round trip.
 */
export class CreateWriteCheck1766900000000 implements MigrationInterface {
  name = 'CreateWriteCheck1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION write_check(ok boolean, message text) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT ok THEN
          RAISE EXCEPTION '%', message USING ERRCODE = 'P0001';
        END IF;
        RETURN ok;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION write_check(boolean, text)`);
  }
}
