import { Actor, Role } from '../actor';
import { INITIAL_CONTEXT } from '../case.type';
import { availableEvents, authorize, initialSnapshot } from '../engine';
import { ErrorCode } from '../errors';
import { hotlineV1, obligationV1, rectificationV1 } from '../registry';
import { applyTransition, parseEvent } from '../engine';

const ZJJ = 'unit-zjj';
const actor = (roles: Role[], unitScope?: string[]): Actor => ({
  id: `user-${roles.join('-')}`,
  username: roles.join('-'),
  displayName: 'x',
  roles,
  unitId: unitScope?.[0] ?? 'unit-jw',
  scope: unitScope ? { all: false, unitIds: unitScope } : { all: true },
  unitSubtree: unitScope ?? ['unit-jw'],
});
const facts = (lastVerifiedBy: string | null = null) => ({ unitId: ZJJ, context: { ...INITIAL_CONTEXT, lastVerifiedBy } });

function refusal(fn: () => unknown): { code: string; rule?: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    const e = error as { code: string; extensions: { rule?: string } };
    return { code: e.code, rule: e.extensions.rule };
  }
}

describe('event policy', () => {
  it.each([
    ['inspector', 'ASSIGN', true],
    ['supervisor', 'ASSIGN', true],
    ['hotline_agent', 'ASSIGN', false],
    ['unit_officer', 'ASSIGN', false],
    ['auditor', 'ASSIGN', false],
    ['admin', 'ASSIGN', false],
    ['unit_officer', 'ACCEPT', true],
    ['inspector', 'ACCEPT', false],
    ['unit_officer', 'SUBMIT_REPORT', true],
    ['unit_officer', 'VERIFY_PASS', false],
    ['inspector', 'VERIFY_PASS', true],
    ['supervisor', 'VERIFY_PASS', false],
    ['unit_officer', 'APPROVE_CLOSURE', false],
    ['supervisor', 'APPROVE_CLOSURE', true],
    ['inspector', 'APPROVE_CLOSURE', false],
    ['supervisor', 'APPROVE_EXTENSION', true],
    ['unit_officer', 'REQUEST_EXTENSION', true],
    ['supervisor', 'SUSPEND', true],
    ['inspector', 'SUSPEND', false],
    ['supervisor', 'REOPEN', true],
  ] as [Role, string, boolean][])('rectification: %s may send %s: %s', (role, type, allowed) => {
    const result = refusal(() => authorize(rectificationV1, type, actor([role], role === 'unit_officer' ? [ZJJ] : undefined), facts()));
    expect(result === undefined).toBe(allowed);
    if (!allowed) expect(result).toEqual({ code: ErrorCode.FORBIDDEN, rule: 'role' });
  });

  it('lets hotline agents dispatch and call back, but not close', () => {
    const agent = actor(['hotline_agent']);
    expect(refusal(() => authorize(hotlineV1, 'ASSIGN', agent, facts()))).toBeUndefined();
    expect(refusal(() => authorize(hotlineV1, 'CALLBACK', agent, facts()))).toBeUndefined();
    expect(refusal(() => authorize(hotlineV1, 'APPROVE_CLOSURE', agent, facts()))?.rule).toBe('role');
    expect(refusal(() => authorize(hotlineV1, 'REPLY', actor(['unit_officer'], [ZJJ]), facts()))).toBeUndefined();
  });

  it('confines a unit officer to the responsible unit and its sub-units', () => {
    expect(refusal(() => authorize(rectificationV1, 'ACCEPT', actor(['unit_officer'], ['unit-scj']), facts()))).toEqual({
      code: ErrorCode.FORBIDDEN,
      rule: 'unit-scope',
    });
    expect(refusal(() => authorize(rectificationV1, 'ACCEPT', actor(['unit_officer'], ['unit-county', ZJJ]), facts()))).toBeUndefined();
  });

  it('confines a unit officer who can read the whole county (another role) to their own unit when acting as officer', () => {
    const dual: Actor = { ...actor(['inspector', 'unit_officer']), unitId: 'unit-scj', unitSubtree: ['unit-scj'], scope: { all: true } };
    expect(refusal(() => authorize(rectificationV1, 'ACCEPT', dual, facts()))).toEqual({ code: ErrorCode.FORBIDDEN, rule: 'unit-scope' });
    expect(refusal(() => authorize(rectificationV1, 'ACCEPT', { ...dual, unitSubtree: [ZJJ] }, facts()))).toBeUndefined();
    expect(refusal(() => authorize(rectificationV1, 'ASSIGN', dual, facts()))).toBeUndefined();
  });

  it('refuses closure by the supervisor who verified the case (four eyes)', () => {
    const supervisor = actor(['supervisor', 'inspector']);
    expect(refusal(() => authorize(rectificationV1, 'APPROVE_CLOSURE', supervisor, facts(supervisor.id)))).toEqual({
      code: ErrorCode.FORBIDDEN,
      rule: 'four-eyes',
    });
    expect(refusal(() => authorize(rectificationV1, 'APPROVE_CLOSURE', supervisor, facts('someone-else')))).toBeUndefined();
  });

  it('keeps system events for the sweeper and user events for people', () => {
    const system: Actor = { ...actor([]), id: 'system', system: true };
    expect(refusal(() => authorize(rectificationV1, 'SLA_BREACHED', actor(['supervisor']), facts()))?.rule).toBe('system-only');
    expect(refusal(() => authorize(rectificationV1, 'SLA_BREACHED', system, facts()))).toBeUndefined();
    expect(refusal(() => authorize(rectificationV1, 'VERIFY_PASS', system, facts()))?.rule).toBe('role');
  });

  it('lists as available exactly the events the state accepts and the actor may send', () => {
    const officer = actor(['unit_officer'], [ZJJ]);
    const opened = initialSnapshot(rectificationV1);
    const assigned = applyTransition(rectificationV1, opened, parseEvent(rectificationV1, { type: 'ASSIGN', unitId: '0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01' }), { actorId: 'x', at: 'y' }).snapshot;
    expect(availableEvents(rectificationV1, opened, actor(['inspector']), facts())).toEqual(['ASSIGN']);
    expect(availableEvents(rectificationV1, opened, officer, facts())).toEqual([]);
    expect(availableEvents(rectificationV1, assigned, officer, facts())).toEqual(['ACCEPT', 'RETURN']);
    expect(availableEvents(rectificationV1, assigned, actor(['supervisor']), facts())).toEqual(['SUSPEND']);
    expect(availableEvents(rectificationV1, assigned, actor(['unit_officer'], ['unit-scj']), facts())).toEqual([]);
  });
});

describe('reviewing an obligation', () => {
  const REVIEWER_UNIT = 'unit-jgw';
  const duty = { unitId: ZJJ, reviewerUnitId: REVIEWER_UNIT, context: INITIAL_CONTEXT };
  const verdict = (a: Actor, facts: typeof duty | { unitId: string; context: typeof INITIAL_CONTEXT }) => refusal(() => authorize(obligationV1, 'VERIFY_PASS', a, facts));

  it('is open to inspectors and to the officers of the unit the list names as reviewer', () => {
    expect(verdict(actor(['inspector']), duty)).toBeUndefined();
    expect(verdict(actor(['unit_officer'], [REVIEWER_UNIT]), duty)).toBeUndefined();
  });

  it('is refused to the unit whose duty it is, to other units, and where no reviewer unit is named', () => {
    expect(verdict(actor(['unit_officer'], [ZJJ]), duty)).toEqual({ code: ErrorCode.FORBIDDEN, rule: 'reviewer' });
    expect(verdict(actor(['unit_officer'], ['unit-scj']), duty)).toEqual({ code: ErrorCode.FORBIDDEN, rule: 'reviewer' });
    expect(verdict(actor(['unit_officer'], [REVIEWER_UNIT, ZJJ]), duty)).toEqual({ code: ErrorCode.FORBIDDEN, rule: 'reviewer' });
    expect(verdict(actor(['unit_officer'], [REVIEWER_UNIT]), { unitId: ZJJ, context: INITIAL_CONTEXT })).toEqual({ code: ErrorCode.FORBIDDEN, rule: 'reviewer' });
    expect(verdict(actor(['supervisor']), duty)).toEqual({ code: ErrorCode.FORBIDDEN, rule: 'role' });
  });
});
