import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices are the trail's events read for one person (see notice-rules); only what each person
 * has marked read is stored: single events, and a moment before which everything is read.
 */
export class CreateNoticeReads1766800000000 implements MigrationInterface {
  name = 'CreateNoticeReads1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notice_reads (user_id uuid NOT NULL, event_id bigint NOT NULL, read_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (user_id, event_id))`);
    await q.query(`CREATE TABLE notice_marks (user_id uuid PRIMARY KEY, read_before timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notice_marks`);
    await q.query(`DROP TABLE notice_reads`);
  }
}
