import { getShortestPaths } from '@xstate/graph';
import { createMachine, type AnyStateMachine } from 'xstate';
import { CaseDriver, createTestApp, DemoSessions, type DemoUser, type TestApp } from '../support';

interface PublishedState {
  path: string;
  parent: string | null;
  initial: boolean;
  compound: boolean;
}
interface PublishedTransition {
  from: string;
  event: string;
  to: string;
  guard?: string;
  selfTransition: boolean;
  roles: string[];
  system: boolean;
}
interface Published {
  kind: string;
  states: PublishedState[];
  transitions: PublishedTransition[];
}

const USER_OF_ROLE: Record<string, DemoUser> = { inspector: 'inspector', supervisor: 'supervisor', unit_officer: 'officer.zjj', hotline_agent: 'agent' };
const FUTURE = '2031-06-30T16:00:00.000Z';

/** A payload the event accepts; CALLBACK's picks the branch the model step took. */
function payloadOf(t: Pick<PublishedTransition, 'event' | 'guard'>, units: Record<string, string>): Record<string, unknown> {
  switch (t.event) {
    case 'ASSIGN':
      return { unitId: units.zjj };
    case 'SUBMIT_REPORT':
      return { summary: '已整改' };
    case 'SUBMIT_FINDINGS':
      return { summary: '查明事实' };
    case 'REPLY':
      return { answer: '已修复' };
    case 'CALLBACK':
      return { satisfaction: t.guard === 'callerUnsatisfied' ? 'unsatisfied' : 'satisfied' };
    case 'REQUEST_EXTENSION':
      return { dueAt: '2032-06-30T16:00:00.000Z', reason: '工程量大' };
    case 'RECORD_EXECUTION':
      return { comment: '已在全县通报' };
    case 'DECIDE':
      return { targetType: 'unit', targetUnitId: units.zjj, form: '通报', reason: '逾期未整改' };
    case 'RETURN':
    case 'VERIFY_FAIL':
    case 'REJECT_CLOSURE':
    case 'REOPEN':
    case 'SUSPEND':
    case 'DISMISS':
      return { reason: '理由' };
    default:
      return {};
  }
}

/** The published data as an XState machine: one model event per branch, no guards. */
function modelOf(published: Published): AnyStateMachine {
  const node = (parent: string | null): Record<string, object> =>
    Object.fromEntries(
      published.states
        .filter((s) => s.parent === parent)
        .map((s) => {
          const children = node(s.path);
          const on = Object.fromEntries(
            published.transitions
              .filter((t) => t.from === s.path && !t.selfTransition && !t.system)
              .map((t) => [`${t.event}|${t.guard ?? ''}|${t.to}`, { target: `#model.${t.to}` }]),
          );
          const initial = published.states.find((c) => c.parent === s.path && c.initial)?.path.split('.').pop();
          return [s.path.split('.').pop()!, s.compound ? { initial, states: children } : { on }];
        }),
    );
  const initial = published.states.find((s) => s.parent === null && s.initial)!.path;
  return createMachine({ id: 'model', initial, states: node(null) as never });
}

const stateOf = (value: unknown): string =>
  typeof value === 'string' ? value : Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${stateOf(v)}`)[0];

describe.each(['rectification', 'hotline', 'accountability'])('the published %s model, replayed over HTTP', (kind) => {
  let t: TestApp;
  let driver: CaseDriver;
  let published: Published;
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const sessions = new DemoSessions(t);
    driver = new CaseDriver(t, sessions);
    units = await driver.units();
    published = (await t.http().get(`/api/workflows/${kind}`).set((await sessions.as('inspector')).auth).expect(200)).body;
  });
  afterAll(() => t?.close());

  const open = () =>
    kind === 'rectification'
      ? driver.openRectification({ dueAt: FUTURE })
      : kind === 'hotline'
        ? driver.openHotline()
        : driver.open('inspector', { kind: 'accountability', title: '问责', description: '逾期未整改', targetUnitId: units.zjj });
  const userFor = (t: PublishedTransition) => USER_OF_ROLE[t.roles.find((r) => USER_OF_ROLE[r])!];
  const send = (caseId: string, t: PublishedTransition) => driver.send(userFor(t), caseId, { type: t.event, ...payloadOf(t, units) });
  const parse = (step: string) => {
    const [event, guard, to] = step.split('|');
    return published.transitions.find((p) => p.event === event && (p.guard ?? '') === guard && p.to === to && !p.selfTransition)!;
  };

  /** Opens a case and sends the path's events; each must be accepted and land where the model says. */
  async function replay(steps: string[]): Promise<Record<string, any>> {
    let current = await open();
    for (const step of steps) {
      const transition = parse(step);
      const res = await send(current.id, transition);
      expect([step, res.status]).toEqual([step, 200]);
      expect([step, res.body.stateDetail]).toEqual([step, transition.to]);
      current = res.body;
    }
    return current;
  }

  it('reaches every published state along the shortest paths, and refuses every event the model does not allow there', async () => {
    const paths = getShortestPaths(modelOf(published));
    const atomic = published.states.filter((s) => !s.compound).map((s) => s.path);
    expect(paths.map((p) => stateOf(p.state.value)).sort()).toEqual(atomic.sort());
    const people = [...new Set(published.transitions.filter((p) => !p.system).map((p) => p.event))];
    for (const path of paths) {
      const state = stateOf(path.state.value);
      const current = await replay(path.steps.map((s) => s.event.type).filter((type) => type !== 'xstate.init'));
      const allowed = new Set(published.transitions.filter((p) => p.from === state).map((p) => p.event));
      for (const event of people.filter((e) => !allowed.has(e))) {
        const example = published.transitions.find((p) => p.event === event)!;
        const res = await send(current.id, example);
        // 409: the state does not accept it; 404: a unit officer cannot see a case not yet assigned to it.
        expect([state, event, res.status === 409 || res.status === 404 ? 'refused' : res.status]).toEqual([state, event, 'refused']);
      }
      const after = await driver.timeline('inspector', current.id);
      expect(after).toHaveLength(current.version);
    }
  });

  it('accepts every self-transition where the model publishes it, and it leaves the state as it was', async () => {
    const paths = getShortestPaths(modelOf(published));
    const selfs = published.transitions.filter((p) => p.selfTransition && !p.system);
    expect(selfs.length).toBeGreaterThan(0);
    for (const self of selfs) {
      const path = paths.find((p) => stateOf(p.state.value) === self.from)!;
      const current = await replay(path.steps.map((s) => s.event.type).filter((type) => type !== 'xstate.init'));
      const before = self.guard === 'extensionPending' ? 'REQUEST_EXTENSION' : self.guard === 'isSuspended' ? 'SUSPEND' : null;
      if (before) expect((await send(current.id, selfs.find((s) => s.event === before && s.from === self.from)!)).status).toBe(200);
      const res = await send(current.id, self);
      expect([self.from, self.event, res.status]).toEqual([self.from, self.event, 200]);
      expect(res.body.stateDetail).toBe(self.from);
    }
  });
});

describe('the published workflow data names every payload field in Chinese', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
  });
  afterAll(() => t.close());

  it('gives each event a Chinese label for every field its payload schema has, and for what the trail adds', async () => {
    const { auth } = await sessions.as('auditor');
    const { items } = (await t.http().get('/api/workflows').set(auth).expect(200)).body as {
      items: { kind: string; events: { type: string; payloadSchema: { properties?: Record<string, unknown>; anyOf?: { properties?: Record<string, unknown> }[] }; payloadLabels: Record<string, string> }[] }[];
    };
    const missing: string[] = [];
    for (const workflow of items) {
      for (const event of workflow.events) {
        const fields = [event.payloadSchema.properties, ...(event.payloadSchema.anyOf ?? []).map((o) => o.properties)].flatMap((p) => Object.keys(p ?? {}));
        for (const field of fields) if (!/[\u4e00-\u9fff]/.test(event.payloadLabels[field] ?? '')) missing.push(`${workflow.kind}.${event.type}.${field}`);
      }
    }
    expect(missing).toEqual([]);
    const rectification = items.find((w) => w.kind === 'rectification')!;
    expect(rectification.events.find((e) => e.type === 'APPROVE_EXTENSION')!.payloadLabels).toMatchObject({ requestedDueAt: '延期至', previousDueAt: '原期限' });
    expect(rectification.events.find((e) => e.type === 'SLA_WARNING')!.payloadLabels).toEqual({ timerId: '计时器', dueAt: '预警时间', deadline: '期限' });
  });
});
