import { AuditRecord, canonicalJson, chain, GENESIS_HASH, verifyRun } from './hash-chain';

const record = (seq: number, payload: Record<string, unknown> = {}): AuditRecord => ({
  caseId: 'c1',
  seq,
  type: seq === 1 ? 'OPENED' : 'ACCEPT',
  payload,
  fromState: seq === 1 ? null : 'assigned',
  toState: 'rectifying.inProgress',
  actorId: 'u1',
  actorRole: 'unit_officer',
  actorUnitId: null,
  machineVersion: 1,
  correlationId: 'r1',
  at: `2026-11-27T08:00:0${seq}.000Z`,
});

function build(n: number) {
  const out = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const r = chain(prev, record(seq, { n: seq, note: '整改' }));
    out.push(r);
    prev = r.hash;
  }
  return out;
}

describe('hash chain', () => {
  it('serialises objects with sorted keys at every level, whatever the insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('verifies an untouched chain', () => {
    expect(verifyRun(build(5))).toEqual({ valid: true, checked: 5, lastHash: expect.any(String), lastSeq: 5 });
  });

  it('detects a changed payload at its seq', () => {
    const events = build(5);
    events[2] = { ...events[2], payload: { n: 3, note: '已整改' } };
    expect(verifyRun(events)).toMatchObject({ valid: false, firstBrokenSeq: 3, checked: 2 });
  });

  it('detects a deleted event as a gap', () => {
    const events = build(5);
    events.splice(3, 1);
    expect(verifyRun(events)).toMatchObject({ valid: false, firstBrokenSeq: 4 });
  });

  it('detects a re-hashed forgery by the broken link to the next event', () => {
    const events = build(4);
    const forged = chain(events[1].prevHash, { ...events[1], actorId: 'someone-else' });
    events[1] = forged;
    expect(verifyRun(events)).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('continues a check from where a previous page ended', () => {
    const events = build(6);
    const first = verifyRun(events.slice(0, 3));
    expect(verifyRun(events.slice(3), first)).toMatchObject({ valid: true, checked: 3, lastSeq: 6 });
  });
});
