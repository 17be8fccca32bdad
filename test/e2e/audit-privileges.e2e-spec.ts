import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { connect, type Sql } from '../support/trail';

/**
 * What the API's own database role may do to the audit trail: nothing but add and read. Each
 * attack that succeeded while the application owned its tables is refused by PostgreSQL.
 */
describe('the application database role and the audit trail', () => {
  let t: TestApp;
  let app: { sql: Sql; close: () => Promise<void> };
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const sessions = new DemoSessions(t);
    const drive = new CaseDriver(t, sessions);
    caseId = (await drive.openRectification()).id;
    await drive.must('inspector', caseId, { type: 'ASSIGN', unitId: (await drive.units()).zjj });
    app = await connect(t.database.appUrl);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it.each([
    ['UPDATE an event', `UPDATE case_events SET payload = '{}' WHERE seq = 2`, /permission denied for table case_events/],
    ['DELETE the last events', `DELETE FROM case_events WHERE seq > 1`, /permission denied for table case_events/],
    ['TRUNCATE the trail', `TRUNCATE case_events CASCADE`, /permission denied for table case_events/],
    ['disable the append-only trigger', `ALTER TABLE case_events DISABLE TRIGGER case_events_no_update_delete`, /must be owner of table case_events/],
    ['drop the append-only trigger', `DROP TRIGGER case_events_no_update_delete ON case_events`, /must be owner of (table|relation) case_events/],
    ['add a rule that swallows deletes', `CREATE RULE keep_quiet AS ON DELETE TO case_events DO INSTEAD NOTHING`, /must be owner of (table|relation) case_events/],
    ['switch triggers off for the session', `SET session_replication_role = replica`, /permission denied to set parameter "session_replication_role"/],
    ['take the table over', `ALTER TABLE case_events OWNER TO CURRENT_USER`, /must be owner of table case_events/],
    ['rewrite the migrations record', `DELETE FROM schema_migrations`, /permission denied for table schema_migrations/],
  ])('refuses to %s', async (_what, statement, refusal) => {
    await expect(app.sql(statement)).rejects.toThrow(refusal);
    const [{ count }] = await app.sql(`SELECT count(*)::int AS count FROM case_events WHERE case_id = $1`, [caseId]);
    expect(count).toBe(2);
  });

  it('cannot grant itself UPDATE: PostgreSQL grants nothing, and the UPDATE is still refused', async () => {
    await app.sql(`GRANT UPDATE ON case_events TO CURRENT_USER`);
    await expect(app.sql(`UPDATE case_events SET payload = '{}'`)).rejects.toThrow(/permission denied for table case_events/);
  });

  it('is not a superuser and owns no table, so the trail is reported protected', async () => {
    const [role] = await app.sql(
      `SELECT r.rolsuper AS superuser, (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(role).toEqual({ superuser: false, owned: 0 });
    const { auditTrailExposure } = await import('@app/database');
    expect(await auditTrailExposure(t.database.appUrl)).toEqual([]);
    expect((await auditTrailExposure(t.database.url)).join()).toMatch(/superuser/);
    // A grant someone added by hand on any audit table is named at start-up.
    const owner = await connect(t.database.url);
    try {
      await owner.sql(`GRANT UPDATE ON audit_log TO CURRENT_USER`.replace('CURRENT_USER', (await app.sql('SELECT current_user AS u'))[0].u));
      expect(await auditTrailExposure(t.database.appUrl)).toEqual([expect.stringMatching(/may UPDATE, DELETE or TRUNCATE audit_log$/)]);
    } finally {
      await owner.sql(`REVOKE UPDATE ON audit_log FROM ${(await app.sql('SELECT current_user AS u'))[0].u}`);
      await owner.close();
    }
  });
});
