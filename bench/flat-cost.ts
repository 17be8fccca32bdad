import { Client } from 'pg';
import { round } from './stats';
import { baseline, engine, seedCases, type Fixture, type Throughput } from './transitions';

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A fixture of its own over some of the cases, with their own pending-extension flags. */
function subset(fx: Fixture, caseIds: string[]): Fixture {
  return { ...fx, caseIds, pending: new Map(caseIds.map((id) => [id, fx.pending.get(id) ?? false])) };
}

/**
 * Gives each case `events` events in all: pairs of REQUEST_EXTENSION / REJECT_EXTENSION appended
 * after its real ones (so its state is unchanged), in the database. Their hashes are not a chain:
 * the transitions under test only read the case row's head, which stays consistent with its version.
 */
async function padHistories(databaseUrl: string, caseIds: string[], events: number): Promise<void> {
  await withClient(databaseUrl, async (c) => {
    await c.query(
      `INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role, actor_unit_id,
                                machine_version, correlation_id, at, prev_hash, hash, unit_id)
       SELECT c.id, s, CASE WHEN (s - c.version) % 2 = 1 THEN 'REQUEST_EXTENSION' ELSE 'REJECT_EXTENSION' END,
              '{"reason":"基准测试历史"}', c.state_detail, c.state_detail, c.opened_by, 'unit_officer', c.unit_id,
              c.machine_version, 'bench-history', now() - interval '1 day' + s * interval '1 second',
              md5(c.id::text || (s - 1)) || md5((s - 1) || c.id::text), md5(c.id::text || s) || md5(s || c.id::text), c.unit_id
       FROM cases c CROSS JOIN LATERAL generate_series(c.version + 1, c.version + ($2 - c.version) / 2 * 2) s
       WHERE c.id = ANY($1::uuid[]) AND c.version < $2`,
      [caseIds, events],
    );
    await c.query(
      `UPDATE cases c SET version = e.seq, content_version = e.seq, chain_head = e.hash
       FROM (SELECT DISTINCT ON (case_id) case_id, seq, hash FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, seq DESC) e
       WHERE c.id = e.case_id`,
      [caseIds],
    );
    await c.query('ANALYZE case_events');
  });
}

export interface HistoryLeg {
  cases: number;
  events: { small: number; large: number };
  small: Throughput;
  large: Throughput;
  rounds: { small: number; large: number }[];
  largeOverSmall: number;
}

/**
 * Leg n1: transitions on cases with a short history against cases with a long one, in alternating
 * rounds on the same API process (the median round's ratio stands).
 */
export async function historyLeg(apiUrl: string, fx: Fixture, options: { cases: number; small: number; large: number; rounds: number; seconds: number }): Promise<HistoryLeg> {
  const made = await seedCases(apiUrl, fx.databaseUrl, options.cases * 2);
  const small = subset(made, made.caseIds.slice(0, options.cases));
  const large = subset(made, made.caseIds.slice(options.cases));
  await padHistories(fx.databaseUrl, small.caseIds, options.small);
  await padHistories(fx.databaseUrl, large.caseIds, options.large);
  await engine(apiUrl, small, 16, 3);
  await engine(apiUrl, large, 16, 3);
  const rounds: { small: Throughput; large: Throughput }[] = [];
  for (let r = 0; r < options.rounds; r++) {
    const s = await engine(apiUrl, small, 16, options.seconds);
    const l = await engine(apiUrl, large, 16, options.seconds);
    rounds.push({ small: s, large: l });
  }
  const median = [...rounds].sort((x, y) => x.large.perSecond / x.small.perSecond - y.large.perSecond / y.small.perSecond)[Math.floor(rounds.length / 2)];
  return {
    cases: options.cases,
    events: { small: options.small, large: options.large },
    small: median.small,
    large: median.large,
    rounds: rounds.map((r) => ({ small: round(r.small.perSecond, 0), large: round(r.large.perSecond, 0) })),
    largeOverSmall: round(median.large.perSecond / median.small.perSecond, 3),
  };
}

/**
 * `count` pending escalation timers due in the coming month on cases of their own (five each, as
 * a county's open cases carry them), inserted in the database: the work the sweeper is not yet due to do.
 */
export async function seedPendingTimers(databaseUrl: string, count: number): Promise<{ timers: number; cases: number; seconds: number }> {
  const started = performance.now();
  const cases = Math.ceil(count / 5);
  await withClient(databaseUrl, async (c) => {
    await c.query(
      `INSERT INTO cases (code, kind, title, fields, unit_id, priority, state, state_detail, snapshot, machine_version,
                          version, chain_head, opened_by, opened_at, updated_at)
       SELECT 'PT-' || i, 'rectification', '待办计时 ' || i, '{}', (SELECT id FROM units WHERE code = 'zjj'), 'normal',
              'rectifying', 'rectifying.inProgress', '{"value":{"rectifying":"inProgress"},"context":{}}', 1, 1, '', 'bench', now(), now()
       FROM generate_series(1, $1) i`,
      [cases],
    );
    await c.query(
      `INSERT INTO case_timers (case_id, purpose, level, due_at, clock, state_entered, policy_version)
       SELECT c.id, (ARRAY['warning', 'breach', 'escalate', 'escalate', 'escalate'])[k + 1], GREATEST(k - 1, 1), now() + interval '1 day' + ((hashtext(c.code) & 2147483647) % 2592000 + k * 3600) * interval '1 second',
              'wall', 'rectifying.inProgress', 1
       FROM cases c CROSS JOIN generate_series(0, 4) k
       WHERE c.code LIKE 'PT-%'`,
    );
    await c.query('VACUUM (ANALYZE) cases');
    await c.query('VACUUM (ANALYZE) case_timers');
  });
  return { timers: cases * 5, cases, seconds: round((performance.now() - started) / 1000, 1) };
}

export interface PendingTimersLeg {
  pending: number;
  without: { engine: Throughput; baseline: Throughput };
  with: { engine: Throughput; baseline: Throughput };
  /** Engine rate with the timers over without, each over the baseline measured next to it (this machine drifts). */
  largeOverSmall: number;
  rawLargeOverSmall: number;
}

/** Leg n2: transitions with nothing else pending, then with `count` timers pending. */
export async function pendingTimersLeg(apiUrl: string, fx: Fixture, count: number, seconds: number): Promise<{ leg: PendingTimersLeg; seed: Awaited<ReturnType<typeof seedPendingTimers>> }> {
  const measure = async () => {
    const b = await engine(apiUrl, fx, 16, seconds);
    const a = await baseline(fx.databaseUrl, fx, 16, seconds);
    return { engine: b, baseline: a };
  };
  const without = await measure();
  const seed = await seedPendingTimers(fx.databaseUrl, count);
  await engine(apiUrl, fx, 16, 3);
  const withTimers = await measure();
  const ratio = (m: { engine: Throughput; baseline: Throughput }) => m.engine.perSecond / m.baseline.perSecond;
  return {
    seed,
    leg: {
      pending: seed.timers,
      without,
      with: withTimers,
      largeOverSmall: round(ratio(withTimers) / ratio(without), 3),
      rawLargeOverSmall: round(withTimers.engine.perSecond / without.engine.perSecond, 3),
    },
  };
}
