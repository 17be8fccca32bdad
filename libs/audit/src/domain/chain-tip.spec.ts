import { compareTip } from './chain-tip';

describe('chain tip against the case row', () => {
  const head = { id: 'c1', version: 5, chainHead: 'h5' };

  it('accepts a chain that ends where the row says', () => {
    expect(compareTip(head, 5, 'h5')).toEqual({});
  });

  it('names the seqs of a cut tail', () => {
    expect(compareTip(head, 3, 'h3')).toEqual({ truncated: { lastSeq: 3, version: 5, missingSeqs: [4, 5], missingCount: 2 } });
  });

  it('reports a whole chain deleted as every seq missing', () => {
    expect(compareTip(head, 0, '0'.repeat(64)).truncated?.missingSeqs).toEqual([1, 2, 3, 4, 5]);
  });

  it('lists at most 100 missing seqs but counts them all', () => {
    const found = compareTip({ ...head, version: 1000 }, 0, '').truncated!;
    expect(found.missingSeqs).toHaveLength(100);
    expect(found.missingCount).toBe(1000);
  });

  it('flags a rewritten chain whose last hash is not the stored head', () => {
    expect(compareTip(head, 5, 'forged')).toEqual({ headMismatch: true });
    expect(compareTip(head, 6, 'h6')).toEqual({ headMismatch: true });
  });
});
