import { ErrorCode } from '../errors';
import { acceptedEvents, applyTransition, initialSnapshot, parseEvent, stateDetailOf } from '../engine';
import { PersistedSnapshot } from '../case.type';
import { accountabilityV1, hotlineV1, obligationV1, rectificationV1 } from '../registry';
import { CaseMachineDefinition } from '../machine-definition.type';

const UNIT = '0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01';
const PAYLOADS: Record<string, Record<string, unknown>> = {
  ASSIGN: { unitId: UNIT },
  RETURN: { reason: '不属于本单位职责' },
  SUBMIT_REPORT: { summary: '已整改' },
  VERIFY_FAIL: { reason: '未整改到位' },
  REQUEST_EXTENSION: { dueAt: '2026-12-31', reason: '需协调多部门' },
  REJECT_CLOSURE: { reason: '材料不全' },
  REOPEN: { reason: '回头看发现反弹' },
  SUSPEND: { reason: '等待司法程序' },
  REPLY: { answer: '已处理' },
  CALLBACK_OK: { satisfaction: 'satisfied' },
  CALLBACK_BASIC: { satisfaction: 'basically_satisfied' },
  CALLBACK_BAD: { satisfaction: 'unsatisfied', comment: '问题仍在' },
  SUBMIT_FINDINGS: { summary: '查明失职' },
  DECIDE: { targetType: 'unit', targetUnitId: UNIT, form: '通报', reason: '履职不力' },
  DISMISS: { reason: '情节轻微' },
  RECORD_EXECUTION: { comment: '已印发通报' },
};

/** `CALLBACK_BAD` → the CALLBACK event with the unsatisfied payload, and so on. */
function step(definition: CaseMachineDefinition, snapshot: PersistedSnapshot, name: string) {
  const type = name.replace(/_(OK|BASIC|BAD)$/, '');
  const event = parseEvent(definition, { type, ...(PAYLOADS[name] ?? {}) });
  return applyTransition(definition, snapshot, event, { actorId: 'actor-1', at: '2026-11-27T08:00:00.000Z' });
}

function walk(definition: CaseMachineDefinition, names: string[]) {
  return names.reduce((s, name) => step(definition, s, name).snapshot, initialSnapshot(definition));
}

function outcome(definition: CaseMachineDefinition, path: string[], name: string): string {
  try {
    return step(definition, walk(definition, path), name).toState;
  } catch (error) {
    const e = error as { code?: string };
    if (e.code === ErrorCode.INVALID_TRANSITION) return 'refused';
    throw error;
  }
}

const AT = {
  opened: [],
  assigned: ['ASSIGN'],
  inProgress: ['ASSIGN', 'ACCEPT'],
  suspendedInProgress: ['ASSIGN', 'ACCEPT', 'SUSPEND'],
  suspendedAssigned: ['ASSIGN', 'SUSPEND'],
  extensionPending: ['ASSIGN', 'ACCEPT', 'REQUEST_EXTENSION'],
};

describe('rectification machine (DESIGN.md §2.1)', () => {
  const R = rectificationV1;
  const awaiting = [...AT.inProgress, 'SUBMIT_REPORT'];
  const verified = [...awaiting, 'VERIFY_PASS'];
  const closed = [...verified, 'APPROVE_CLOSURE'];

  it.each([
    ['opened', AT.opened, 'ASSIGN', 'assigned'],
    ['assigned', AT.assigned, 'ACCEPT', 'rectifying.inProgress'],
    ['assigned', AT.assigned, 'RETURN', 'opened'],
    ['rectifying.inProgress', AT.inProgress, 'SUBMIT_REPORT', 'rectifying.awaitingVerification'],
    ['rectifying.awaitingVerification', awaiting, 'VERIFY_PASS', 'verified'],
    ['rectifying.awaitingVerification', awaiting, 'VERIFY_FAIL', 'rectifying.inProgress'],
    ['rectifying.inProgress', AT.inProgress, 'REQUEST_EXTENSION', 'rectifying.inProgress'],
    ['rectifying.awaitingVerification', awaiting, 'REQUEST_EXTENSION', 'rectifying.awaitingVerification'],
    ['rectifying (extension pending)', AT.extensionPending, 'APPROVE_EXTENSION', 'rectifying.inProgress'],
    ['rectifying (extension pending)', AT.extensionPending, 'REJECT_EXTENSION', 'rectifying.inProgress'],
    ['verified', verified, 'APPROVE_CLOSURE', 'closed'],
    ['verified', verified, 'REJECT_CLOSURE', 'rectifying.inProgress'],
    ['closed', closed, 'REOPEN', 'rectifying.inProgress'],
    ['assigned', AT.assigned, 'SUSPEND', 'assigned'],
    ['rectifying.inProgress', AT.inProgress, 'SUSPEND', 'rectifying.inProgress'],
    ['assigned (suspended)', AT.suspendedAssigned, 'RESUME', 'assigned'],
    ['rectifying (suspended)', AT.suspendedInProgress, 'RESUME', 'rectifying.inProgress'],
  ])('%s + %s → %s', (_, path, event, expected) => {
    expect(outcome(R, path, event as string)).toBe(expected);
  });

  it.each([
    ['opened', AT.opened, 'ACCEPT'],
    ['opened', AT.opened, 'SUBMIT_REPORT'],
    ['opened', AT.opened, 'APPROVE_CLOSURE'],
    ['opened', AT.opened, 'SUSPEND'],
    ['assigned', AT.assigned, 'ASSIGN'],
    ['assigned', AT.assigned, 'VERIFY_PASS'],
    ['assigned', AT.assigned, 'REQUEST_EXTENSION'],
    ['rectifying.inProgress', AT.inProgress, 'VERIFY_PASS'],
    ['rectifying.inProgress', AT.inProgress, 'APPROVE_EXTENSION'],
    ['rectifying.inProgress', AT.inProgress, 'RESUME'],
    ['rectifying (extension pending)', AT.extensionPending, 'REQUEST_EXTENSION'],
    ['rectifying (suspended)', AT.suspendedInProgress, 'SUBMIT_REPORT'],
    ['rectifying (suspended)', AT.suspendedInProgress, 'SUSPEND'],
    ['rectifying (suspended)', AT.suspendedInProgress, 'REQUEST_EXTENSION'],
    ['assigned (suspended)', AT.suspendedAssigned, 'ACCEPT'],
    ['verified', verified, 'VERIFY_PASS'],
    ['verified', verified, 'SUSPEND'],
    ['closed', closed, 'APPROVE_CLOSURE'],
    ['closed', closed, 'SUBMIT_REPORT'],
  ])('%s refuses %s', (_, path, event) => {
    expect(outcome(R, path, event)).toBe('refused');
  });

  it('counts rework on VERIFY_FAIL, returns on RETURN and reopenings on REOPEN', () => {
    const s = walk(R, ['ASSIGN', 'RETURN', 'ASSIGN', 'ACCEPT', 'SUBMIT_REPORT', 'VERIFY_FAIL', 'SUBMIT_REPORT', 'VERIFY_FAIL', 'SUBMIT_REPORT', 'VERIFY_PASS', 'APPROVE_CLOSURE', 'REOPEN']);
    expect(s.context).toMatchObject({ reworkCount: 2, returnCount: 1, reopenCount: 1 });
  });

  it('remembers who verified (for the four-eyes rule) and the pending extension', () => {
    const verifiedSnap = walk(R, verified);
    expect(verifiedSnap.context.lastVerifiedBy).toBe('actor-1');
    const pending = walk(R, AT.extensionPending);
    expect(pending.context.extension).toEqual({
      dueAt: '2026-12-31T16:00:00.000Z',
      reason: '需协调多部门',
      requestedBy: 'actor-1',
      requestedAt: '2026-11-27T08:00:00.000Z',
    });
    expect(walk(R, [...AT.extensionPending, 'APPROVE_EXTENSION']).context.extension).toBeNull();
  });

  it.each([
    ['opened', AT.opened],
    ['assigned', AT.assigned],
    ['rectifying.inProgress', AT.inProgress],
    ['rectifying (suspended)', AT.suspendedInProgress],
    ['verified', verified],
    ['closed', closed],
  ])('accepts deadline warnings and breaches in %s without moving', (_, path) => {
    const before = walk(R, path);
    for (const type of ['SLA_WARNING', 'SLA_BREACHED']) {
      const result = applyTransition(R, before, parseEvent(R, { type, timerId: 't', dueAt: 'd' }, { system: true }), { actorId: 'system', at: 'x' });
      expect(result.toState).toBe(result.fromState);
      expect(result.snapshot.context).toEqual(before.context);
    }
  });

  it('takes the escalation level from ESCALATE and resets it on entering the next state', () => {
    const escalate = (s: PersistedSnapshot, level: number) =>
      applyTransition(R, s, parseEvent(R, { type: 'ESCALATE', timerId: 't', level }, { system: true }), { actorId: 'system', at: 'x' }).snapshot;
    let s = walk(R, AT.assigned);
    s = escalate(escalate(s, 2), 1);
    expect(s.context.escalationLevel).toBe(2);
    expect(step(R, s, 'ACCEPT').snapshot.context.escalationLevel).toBe(0);
  });
});

describe('hotline machine (DESIGN.md §2.2)', () => {
  const H = hotlineV1;
  const awaitingCallback = [...AT.inProgress, 'REPLY'];

  it.each([
    ['opened', AT.opened, 'ASSIGN', 'assigned'],
    ['assigned', AT.assigned, 'ACCEPT', 'rectifying.inProgress'],
    ['assigned', AT.assigned, 'RETURN', 'opened'],
    ['rectifying.inProgress', AT.inProgress, 'REPLY', 'rectifying.awaitingVerification'],
    ['awaiting callback', awaitingCallback, 'CALLBACK_OK', 'verified'],
    ['awaiting callback', awaitingCallback, 'CALLBACK_BASIC', 'verified'],
    ['awaiting callback', awaitingCallback, 'CALLBACK_BAD', 'rectifying.inProgress'],
    ['rectifying (extension pending)', AT.extensionPending, 'APPROVE_EXTENSION', 'rectifying.inProgress'],
    ['verified', [...awaitingCallback, 'CALLBACK_OK'], 'APPROVE_CLOSURE', 'closed'],
    ['verified', [...awaitingCallback, 'CALLBACK_OK'], 'REJECT_CLOSURE', 'rectifying.inProgress'],
    ['closed', [...awaitingCallback, 'CALLBACK_OK', 'APPROVE_CLOSURE'], 'REOPEN', 'rectifying.inProgress'],
  ])('%s + %s → %s', (_, path, event, expected) => {
    expect(outcome(H, path, event as string)).toBe(expected);
  });

  it('counts a redo (重办) for each unsatisfied callback', () => {
    const s = walk(H, [...awaitingCallback, 'CALLBACK_BAD', 'REPLY', 'CALLBACK_BAD', 'REPLY', 'CALLBACK_OK']);
    expect(s.context.reworkCount).toBe(2);
    expect(s.value).toBe('verified');
  });

  it('does not know the rectification events', () => {
    expect(() => parseEvent(H, { type: 'SUBMIT_REPORT', summary: 'x' })).toThrow(/type: must be one of the hotline events/);
    expect(() => parseEvent(H, { type: 'VERIFY_PASS' })).toThrow(/type/);
  });
});

describe('accountability machine (DESIGN.md §2.3)', () => {
  const A = accountabilityV1;
  it.each([
    [[], 'ASSIGN', 'assigned'],
    [['ASSIGN'], 'SUBMIT_FINDINGS', 'rectifying.deciding'],
    [['ASSIGN', 'SUBMIT_FINDINGS'], 'DECIDE', 'verified'],
    [['ASSIGN', 'SUBMIT_FINDINGS'], 'DISMISS', 'closed'],
    [['ASSIGN', 'SUBMIT_FINDINGS', 'DECIDE'], 'RECORD_EXECUTION', 'closed'],
    [['ASSIGN', 'SUBMIT_FINDINGS', 'DECIDE', 'RECORD_EXECUTION'], 'SUBMIT_FINDINGS', 'refused'],
    [[], 'DECIDE', 'refused'],
  ])('after %j, %s → %s', (path, event, expected) => {
    expect(outcome(A, path, event)).toBe(expected);
  });

  it.each([
    [{ targetType: 'unit', targetUnitId: UNIT, form: '诫勉', reason: 'x' }, 'form'],
    [{ targetType: 'person', form: '诫勉', reason: 'x' }, 'targetPerson'],
    [{ targetType: 'person', targetPerson: '张某', form: '改组', reason: 'x' }, 'form'],
    [{ targetType: 'unit', form: '通报', reason: 'x' }, 'targetUnitId'],
  ])('refuses a decision %j naming %s', (payload, field) => {
    expect(() => parseEvent(A, { type: 'DECIDE', ...payload })).toThrow(expect.objectContaining({ errors: expect.arrayContaining([expect.objectContaining({ field })]) }));
  });

  it('accepts each form of the 问责条例 for its target', () => {
    for (const form of ['检查', '通报', '改组']) expect(() => parseEvent(A, { type: 'DECIDE', targetType: 'unit', targetUnitId: UNIT, form, reason: 'r' })).not.toThrow();
    for (const form of ['通报', '诫勉', '组织调整或者组织处理', '纪律处分']) expect(() => parseEvent(A, { type: 'DECIDE', targetType: 'person', targetPerson: '张某', form, reason: 'r' })).not.toThrow();
  });
});

describe('obligation machine (DESIGN.md §11)', () => {
  const O = obligationV1;
  const system = (snapshot: PersistedSnapshot, body: Record<string, unknown>) =>
    applyTransition(O, snapshot, parseEvent(O, body, { system: true }), { actorId: 'system', at: '2027-01-04T00:00:00.000Z' });
  const assigned = (requiredCount?: number) =>
    system(initialSnapshot(O), { type: 'ASSIGN', unitId: UNIT, dueAt: '2027-03-31', ...(requiredCount ? { requiredCount } : {}) }).snapshot;
  const send = (snapshot: PersistedSnapshot, names: string[]) => names.reduce((s, name) => step(O, s, name).snapshot, snapshot);
  const stateOf = (s: PersistedSnapshot) => stateDetailOf(s.value as never);

  it('is assigned by the list, never by a person', () => {
    expect(() => parseEvent(O, { type: 'ASSIGN', unitId: UNIT, dueAt: '2027-03-31' })).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED }));
    expect(stateOf(assigned())).toBe('assigned');
  });

  it('closes on the accepted submission, and a send-back asks for another', () => {
    const submitted = send(assigned(), ['SUBMIT_REPORT']);
    expect(stateOf(submitted)).toBe('rectifying.awaitingVerification');
    const sentBack = send(submitted, ['VERIFY_FAIL']);
    expect(stateOf(sentBack)).toBe('rectifying.inProgress');
    expect(sentBack.context.reworkCount).toBe(1);
    const done = send(sentBack, ['SUBMIT_REPORT', 'VERIFY_PASS']);
    expect(stateOf(done)).toBe('closed.done');
    expect(done.context.acceptedCount).toBe(1);
  });

  it('stays open until a count duty has its number of accepted submissions', () => {
    const first = send(assigned(2), ['SUBMIT_REPORT', 'VERIFY_PASS']);
    expect(stateOf(first)).toBe('rectifying.inProgress');
    expect(first.context).toMatchObject({ acceptedCount: 1, requiredCount: 2 });
    const failed = send(first, ['SUBMIT_REPORT', 'VERIFY_FAIL']);
    expect(failed.context.acceptedCount).toBe(1);
    expect(stateOf(send(failed, ['SUBMIT_REPORT', 'VERIFY_PASS']))).toBe('closed.done');
  });

  it('takes a revision of the list in place while open, and not once closed', () => {
    const revised = system(assigned(), { type: 'REVISE', listVersion: 2, dueAt: '2027-04-30', changes: ['dueAt'] });
    expect(revised.toState).toBe('assigned');
    const closed = send(assigned(), ['SUBMIT_REPORT', 'VERIFY_PASS']);
    expect(() => system(closed, { type: 'REVISE', listVersion: 2, changes: ['title'] })).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_TRANSITION }));
  });

  it('withdraws an open duty the corrected list no longer has, closed but not done, and never a finished one', () => {
    const withdrawn = system(send(assigned(), ['SUBMIT_REPORT']), { type: 'WITHDRAW', listVersion: 3, reason: '清单修订删除此事项' });
    expect(withdrawn.toState).toBe('closed.withdrawn');
    expect(acceptedEvents(O, withdrawn.snapshot)).toEqual([]);
    const done = send(assigned(), ['SUBMIT_REPORT', 'VERIFY_PASS']);
    expect(() => system(done, { type: 'WITHDRAW', listVersion: 3, reason: 'x' })).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_TRANSITION }));
    expect(acceptedEvents(O, done)).toEqual(['REOPEN']);
  });

  it('offers people only the events they send', () => {
    expect(acceptedEvents(O, initialSnapshot(O))).toEqual([]);
    expect(acceptedEvents(O, assigned())).toEqual(['SUBMIT_REPORT', 'REQUEST_EXTENSION', 'SUSPEND']);
  });
});

describe('event payloads', () => {
  const refusals: [Record<string, unknown>, string, string][] = [
    [{ type: 'ASSIGN' }, 'unitId', 'must be a UUID'],
    [{ type: 'ASSIGN', unitId: 'zjj' }, 'unitId', 'must be a UUID'],
    [{ type: 'ASSIGN', unitId: UNIT, dueAt: '2026-02-30' }, 'dueAt', 'is not a real date'],
    [{ type: 'ASSIGN', unitId: UNIT, dueAt: 'tomorrow' }, 'dueAt', 'must be a date'],
    [{ type: 'RETURN' }, 'reason', 'must be a string'],
    [{ type: 'RETURN', reason: '   ' }, 'reason', 'must not be empty'],
    [{ type: 'RETURN', reason: 'x'.repeat(10_001) }, 'reason', 'at most 10000 characters'],
    [{ type: 'RETURN', reason: 42 }, 'reason', 'must be a string'],
    [{ type: 'ACCEPT', state: 'closed' }, 'state', 'is not an accepted field'],
    [{ type: 'ACCEPT', version: 9 }, 'version', 'is not an accepted field'],
    [{ type: 'SLA_BREACHED', timerId: 'x', dueAt: 'y' }, 'type', 'must be one of'],
    [{ type: 'NOPE' }, 'type', 'must be one of'],
    [{}, 'type', 'must be one of'],
  ];
  it.each(refusals.map(([body, field, message]) => [JSON.stringify(body).slice(0, 60), body, field, message] as const))('refuses %s naming its field', (_, body, field, message) => {
    try {
      parseEvent(rectificationV1, body);
      throw new Error('accepted');
    } catch (error) {
      const e = error as { code: string; errors: { field: string; message: string }[] };
      expect(e.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(e.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(message) })]));
    }
  });

  it('reads a date-only deadline as the end of that day in Asia/Shanghai', () => {
    const { payload } = parseEvent(rectificationV1, { type: 'ASSIGN', unitId: UNIT, dueAt: '2026-12-31' });
    expect(payload.dueAt).toBe('2026-12-31T16:00:00.000Z');
    const explicit = parseEvent(rectificationV1, { type: 'ASSIGN', unitId: UNIT, dueAt: '2026-12-31T09:00:00+08:00' });
    expect(explicit.payload.dueAt).toBe('2026-12-31T01:00:00.000Z');
  });
});
