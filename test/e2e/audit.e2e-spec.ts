import { DataSource } from 'typeorm';
import { searchQuery, timelineQuery } from '@app/audit';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { bytes } from '../support/http';
import { connect } from '../support/trail';

describe('audit trail', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;
  let ds: DataSource;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
    ds = t.app.get(DataSource);
    const c = await drive.openRectification();
    caseId = c.id;
    await drive.must('inspector', caseId, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', caseId, { type: 'ACCEPT', comment: '收到' });
    await drive.must('officer.zjj', caseId, { type: 'SUBMIT_REPORT', summary: '整改完成' });
    await drive.must('inspector', caseId, { type: 'VERIFY_PASS' });
  });
  afterAll(() => t.close());

  it('verifies an untouched chain, per case and for the whole trail', async () => {
    const { auth } = await sessions.as('auditor');
    const one = await t.http().get(`/api/audit/verify?caseId=${caseId}`).set(auth);
    expect(one.body).toEqual({ caseId, valid: true, checked: 5 });
    const all = await t.http().get('/api/audit/verify').set(auth);
    expect(all.body).toMatchObject({ valid: true, broken: [] });
    expect(all.body.checked).toBeGreaterThanOrEqual(5);
  });

  it("refuses UPDATE, DELETE and TRUNCATE on case_events even from the tables' owner, by trigger", async () => {
    const owner = await connect(t.database.url);
    try {
      await expect(owner.sql(`UPDATE case_events SET payload = '{}' WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
      await expect(owner.sql(`DELETE FROM case_events WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
      await expect(owner.sql(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.close();
    }
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM case_events WHERE case_id = $1`, [caseId]);
    expect(count).toBe(5);
  });

  it('detects a payload altered behind the trigger, at its seq', async () => {
    const other = await drive.openRectification();
    await drive.must('inspector', other.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', other.id, { type: 'RETURN', reason: '不属于我单位' });
    const owner = await connect(t.database.url);
    await owner.sql(`ALTER TABLE case_events DISABLE TRIGGER case_events_no_update_delete`);
    try {
      await owner.sql(`UPDATE case_events SET payload = '{"reason":"属于我单位"}' WHERE case_id = $1 AND seq = 3`, [other.id]);
    } finally {
      await owner.sql(`ALTER TABLE case_events ENABLE TRIGGER case_events_no_update_delete`);
      await owner.close();
    }
    const { auth } = await sessions.as('auditor');
    const res = await t.http().get(`/api/audit/verify?caseId=${other.id}`).set(auth);
    expect(res.body).toEqual({ caseId: other.id, valid: false, checked: 2, firstBrokenSeq: 3 });
    const all = await t.http().get('/api/audit/verify').set(auth);
    expect(all.body.valid).toBe(false);
    expect(all.body.broken).toEqual([{ caseId: other.id, code: other.code, firstBrokenSeq: 3 }]);
  });

  it('searches by case, actor, unit, type and time, newest first, with keyset paging', async () => {
    const { auth } = await sessions.as('auditor');
    const officer = await sessions.as('officer.zjj');
    const byActor = await t.http().get(`/api/audit?actorId=${officer.user.id}&caseId=${caseId}`).set(auth);
    expect(byActor.body.items.map((e: { type: string }) => e.type)).toEqual(['SUBMIT_REPORT', 'ACCEPT']);
    const byUsername = await t.http().get(`/api/audit?actor=OFFICER.ZJJ&caseId=${caseId}`).set(auth);
    expect(byUsername.body.items).toEqual(byActor.body.items);
    // People know each other by the name the table shows, too.
    const byName = await t.http().get(`/api/audit?actor=${encodeURIComponent(byActor.body.items[0].actorName)}&caseId=${caseId}`).set(auth);
    expect(byName.body.items).toEqual(byActor.body.items);
    const injected = await t.http().get(`/api/audit?actor=${encodeURIComponent("x' OR 1=1")}&caseId=${caseId}`).set(auth);
    expect([injected.status, injected.body.items]).toEqual([200, []]);
    const byUnit = await t.http().get(`/api/audit?unitId=${units.jw}&caseId=${caseId}`).set(auth);
    expect(byUnit.body.items.map((e: { type: string }) => e.type)).toEqual(['VERIFY_PASS', 'ASSIGN', 'OPENED']);
    const byType = await t.http().get(`/api/audit?type=VERIFY_PASS&caseId=${caseId}`).set(auth);
    expect(byType.body.items).toHaveLength(1);
    expect(byType.body.items[0]).toMatchObject({
      caseId,
      seq: 5,
      type: 'VERIFY_PASS',
      fromState: 'rectifying.awaitingVerification',
      toState: 'verified',
      actorRole: 'inspector',
      actorUnitId: units.jw,
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const future = await t.http().get(`/api/audit?caseId=${caseId}&from=2099-01-01`).set(auth);
    expect(future.body.items).toEqual([]);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { seq: number }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/api/audit?caseId=${caseId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth);
      seen.push(...page.body.items.map((e) => e.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['to=2026-13-01', 'to'],
    ['caseId=42', 'caseId'],
    ['actorId=x%27%20OR%201%3D1', 'actorId'],
    ['actor=a%00b', 'actor'],
    ['actor=auditor&actorId=system', 'actor'],
    ['limit=0', 'limit'],
    ['limit=1000', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['type=drop%20table', 'type'],
    ['from=2026-12-01&to=2026-11-01', 'to'],
  ])('refuses the query %s with 400 naming %s', async (query, field) => {
    const res = await t.http().get(`/api/audit?${query}`).set((await sessions.as('auditor')).auth);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('exports an event whose text starts like a date as that text', async () => {
    const item = await drive.openRectification({ title: '日期样文本' });
    await drive.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj, comment: '2026-12-01T09:00前完成整改' });
    const res = await t.http().get(`/api/audit/export.csv?caseId=${item.id}`).set((await sessions.as('auditor')).auth).buffer(true).parse(bytes as never);
    expect(res.status).toBe(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.trim().split('\r\n')).toHaveLength(3);
    expect(text).toContain('交办意见：2026-12-01T09:00前完成整改');
  });

  describe('with 100,000+ audit events', () => {
    beforeAll(async () => {
      // Spread like real use: 2,500 cases with 40 events each over a year, by 50 actors.
      await ds.query(`
        INSERT INTO cases (id, code, kind, title, fields, unit_id, priority, state, state_detail, snapshot, machine_version,
                           version, chain_head, opened_by, opened_at, updated_at)
        SELECT gen_random_uuid(), 'BULK-' || g, 'rectification', 'bulk ' || g, '{}', $1, 'normal', 'opened', 'opened',
               '{"value":"opened","context":{}}', 1, 40, '', 'bulk', now(), now()
        FROM generate_series(1, 2500) g`, [units.zjj]);
      await ds.query(`
        INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role, actor_unit_id,
                                 machine_version, correlation_id, at, prev_hash, hash)
        SELECT c.id, s, 'ACCEPT', '{}', 'assigned', 'rectifying.inProgress',
               '00000000-0000-4000-8000-0000000000' || lpad((abs(hashtext(c.code || s)) % 50)::text, 2, '0'),
               'unit_officer', $1, 1, 'bulk', now() - (random() * interval '365 days'), '', ''
        FROM cases c CROSS JOIN generate_series(1, 40) s WHERE c.code LIKE 'BULK-%'`, [units.zjj]);
      // Only the tables' owner may ANALYZE them; the app role would be skipped with a warning.
      const owner = await connect(t.database.url);
      await owner.sql(`ANALYZE case_events`);
      await owner.sql(`ANALYZE cases`);
      await owner.close();
    }, 120_000);

    type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };
    /** The plan as text, with any sequential scan of case_events called out. */
    const plan = async ([sql, params]: [string, unknown[]]) => {
      const [row] = await ds.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      const nodes: PlanNode[] = [];
      const walk = (n: PlanNode) => (nodes.push(n), (n.Plans ?? []).forEach(walk));
      walk(row['QUERY PLAN'][0].Plan);
      const scanned = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'case_events');
      return JSON.stringify(row['QUERY PLAN']) + (scanned.length ? ' SEQ SCAN OF case_events' : '');
    };

    it('has more than 100,000 events', async () => {
      const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM case_events`);
      expect(count).toBeGreaterThan(100_000);
    });

    it('reads a timeline through the (case_id, seq) index', async () => {
      const [{ id }] = await ds.query(`SELECT id FROM cases WHERE code = 'BULK-77'`);
      const explained = await plan(timelineQuery({ all: true }, id, 0, 50));
      expect(explained).toContain('case_events_case_seq_unique');
      expect(explained).not.toContain('SEQ SCAN OF case_events');
    });

    it('searches an actor over 30 days through the (actor_id, at) index', async () => {
      const explained = await plan(
        searchQuery({ all: true }, { actorId: '00000000-0000-4000-8000-000000000007', from: new Date(Date.now() - 30 * 86400_000), limit: 51 }),
      );
      expect(explained).toContain('case_events_actor_at_idx');
      expect(explained).not.toContain('SEQ SCAN OF case_events');
    });

    it('exports every event a search finds as CSV for Excel, not just a page: in words, Beijing time, unit scope applied', async () => {
      const actorId = '00000000-0000-4000-8000-000000000007';
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE actor_id = $1`, [actorId]);
      expect(n).toBeGreaterThan(2000); // more than one page of the export
      const res = await t.http().get(`/api/audit/export.csv?actorId=${actorId}`).set((await sessions.as('auditor')).auth).buffer(true).parse(bytes as never);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toContain('.csv');
      const text = (res.body as Buffer).toString('utf8');
      expect(text.startsWith('\uFEFF案件编号,案件ID,序号,时间（北京时间）,事件')).toBe(true);
      const lines = text.trim().split('\r\n');
      expect(lines).toHaveLength(n + 1);
      const cells = lines[1].split(',');
      expect(cells[0]).toMatch(/^BULK-/);
      expect(cells[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(cells[4]).toBe('签收');
      expect(cells[10]).toBe('责任单位联络员');
      // A unit's officer exports only its own cases' events, and a bad filter is a 400, not a broken file.
      const scj = await t.http().get(`/api/audit/export.csv?actorId=${actorId}`).set((await sessions.as('officer.scj')).auth).buffer(true).parse(bytes as never);
      expect((scj.body as Buffer).toString('utf8').trim().split('\r\n')).toHaveLength(1);
      expect((await t.http().get('/api/audit/export.csv?from=yesterday').set((await sessions.as('auditor')).auth)).status).toBe(400);
    });

    it('searches by type and by unit through their indexes', async () => {
      expect(await plan(searchQuery({ all: true }, { type: 'VERIFY_PASS', limit: 51 }))).toContain('case_events_type_at_idx');
      expect(await plan(searchQuery({ all: true }, { unitId: units.jw, limit: 51 }))).toContain('case_events_actor_unit_at_idx');
    });
  });
});
