import { DEFAULT_WEIGHTS, rankingWeightsSchema, scoreOf } from './ranking';

describe('ranking scores', () => {
  it('weigh rates, counting a rate where lower is better as its complement, over the rates a unit has', () => {
    expect(scoreOf('hotline', DEFAULT_WEIGHTS.hotline, { signedOnTime: 1, repliedOnTime: 1, returned: 0, redone: 0, satisfied: 1 })).toBe(100);
    expect(scoreOf('hotline', DEFAULT_WEIGHTS.hotline, { signedOnTime: 0.5, repliedOnTime: null, returned: null, redone: null, satisfied: null })).toBe(50);
    expect(scoreOf('hotline', DEFAULT_WEIGHTS.hotline, { signedOnTime: null })).toBeNull();
  });

  it('accept weights on rates only, at least one above zero', () => {
    expect(rankingWeightsSchema.safeParse(DEFAULT_WEIGHTS).success).toBe(true);
    expect(rankingWeightsSchema.safeParse({ ...DEFAULT_WEIGHTS, rectification: { opened: 1 } }).success).toBe(false);
    expect(rankingWeightsSchema.safeParse({ ...DEFAULT_WEIGHTS, hotline: { satisfied: 0 } }).success).toBe(false);
  });
});
