import { createDefaultRegistry, stateInfos } from '@app/workflow';
import { slaRulesSchema, surelyShorter } from './sla-policy';
import { parseDuration } from '@app/calendar';
import { DEFAULT_RULES } from '../../../../migrations/1764201800000-CreateEscalation';
import { OBLIGATION_RULES } from '../../../../migrations/1765600000000-CreateResponsibilityLists';

const registry = createDefaultRegistry();
const schema = slaRulesSchema((kind) => stateInfos(registry.latest(kind).machine));
const ladder = (...after: string[]) => after.map((a, i) => ({ level: (i + 1) as 1 | 2 | 3, after: a }));
const rule = (over: Record<string, unknown>) => ({ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '1wd', escalation: ladder('0s', '3wd', '5wd'), ...over });

/** The fields refused, as the API names them. */
function refused(over: Record<string, unknown>): string[] {
  const result = schema.safeParse([rule({}), rule({ priority: 'urgent', ...over })]);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('SLA policy rules', () => {
  it('accepts the policy every database starts with', () => {
    const result = schema.safeParse([...DEFAULT_RULES, ...OBLIGATION_RULES]);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('refuses a step whose action cannot apply to the kind', () => {
    expect(refused({ kind: 'accountability', state: 'opened', escalation: [{ level: 1, after: '0s', action: 'open-accountability' }] })).toEqual(['1.escalation.0.action']);
    expect(refused({ escalation: [{ level: 1, after: '0s', action: 'open-rectification' }] })).toEqual(['1.escalation.0.action']);
    expect(refused({ kind: 'accountability', state: 'opened', escalation: ladder('0s', '1wd', '2wd') })).toEqual(['1.escalation.2.action']);
  });

  it('accepts a ladder in hours then working days', () => {
    expect(refused({})).toEqual([]);
    expect(refused({ deadline: '2h', warnBefore: '30m', escalation: ladder('0s', '4h', '2wd') })).toEqual([]);
    expect(refused({ state: 'rectifying.inProgress', deadline: '1wd', warnBefore: '4h' })).toEqual([]);
  });

  it('refuses a rule on a final state: a closed case must never breach', () => {
    expect(refused({ state: 'closed' })).toEqual(['1.state']);
  });

  it('refuses a rule on a parent state, naming its children', () => {
    const result = schema.safeParse([rule({ state: 'rectifying' })]);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: [0, 'state'] });
    expect(result.error!.issues[0].message).toContain('rectifying.inProgress');
  });

  it('refuses a decreasing or flat ladder, naming the step', () => {
    expect(refused({ deadline: '10s', escalation: ladder('8s', '4s', '0s') })).toEqual(['1.escalation.1.after', '1.escalation.2.after']);
    expect(refused({ escalation: ladder('0s', '3wd', '3wd') })).toEqual(['1.escalation.2.after']);
  });

  it('refuses a step in hours after one in working days, and hours not surely under the working days after them', () => {
    expect(refused({ escalation: ladder('0s', '1wd', '30h') })).toEqual(['1.escalation.2.after']);
    expect(refused({ escalation: ladder('0s', '30h', '1wd') })).toEqual(['1.escalation.2.after']);
    expect(refused({ escalation: ladder('0s', '23h', '1wd') })).toEqual([]);
  });

  it('refuses a warning no shorter than the deadline, and zero durations', () => {
    expect(refused({ deadline: '2h', warnBefore: '3h' })).toEqual(['1.warnBefore']);
    expect(refused({ deadline: '1wd', warnBefore: '1wd' })).toEqual(['1.warnBefore']);
    expect(refused({ deadline: '48h', warnBefore: '1wd' })).toEqual(['1.warnBefore']);
    expect(refused({ deadline: '0s' })).toEqual(['1.deadline']);
    expect(refused({ deadline: '2h', warnBefore: '0s' })).toEqual(['1.warnBefore']);
  });

  it('lets a warning ahead of a case deadline be any length: the case may arrive close to its deadline', () => {
    expect(refused({ state: 'rectifying.inProgress', kind: 'rectification', deadline: 'caseDueAt', warnBefore: '30wd' })).toEqual([]);
  });

  it('compares durations only where every calendar agrees', () => {
    const d = parseDuration;
    expect(surelyShorter(d('23h'), d('1wd'))).toBe(true);
    expect(surelyShorter(d('24h'), d('1wd'))).toBe(false);
    expect(surelyShorter(d('1wd'), d('200h'))).toBe(false);
    expect(surelyShorter(d('59m'), d('1h'))).toBe(true);
  });
});
