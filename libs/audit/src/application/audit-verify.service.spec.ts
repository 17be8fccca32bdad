import { chain, GENESIS_HASH, type ChainedRecord } from '../domain/hash-chain';
import type { CaseHead } from '../domain/chain-tip';
import { AuditVerifyService } from './audit-verify.service';

/** A case's chain of n events, as the engine writes them. */
function events(caseId: string, n: number): ChainedRecord[] {
  const out: ChainedRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const r = chain(prev, {
      caseId,
      seq,
      type: 'ACCEPT',
      payload: { n: seq },
      fromState: null,
      toState: 'assigned',
      actorId: 'u1',
      actorRole: 'inspector',
      actorUnitId: null,
      machineVersion: 1,
      correlationId: 'r',
      at: `2026-12-03T08:00:0${seq}.000Z`,
    });
    out.push(r);
    prev = r.hash;
  }
  return out;
}

const ID = '11111111-1111-4111-8111-111111111111';
const head = (trail: ChainedRecord[], version = trail.length): CaseHead => ({ id: ID, version, chainHead: trail[version - 1].hash });

/**
 * Verification reads a case's row and its events at different moments, while transitions go on:
 * a transition that commits in between must not look like tampering, and an event added behind
 * the row's back still must.
 */
function service(options: { heads: CaseHead[]; timeline: ChainedRecord[]; stream?: ChainedRecord[] }) {
  const heads = [...options.heads];
  const cases = {
    headOf: async () => (heads.length > 1 ? heads.shift()! : heads[0]),
    headsAfter: async (_scope: unknown, after: string | null) => (after ? [] : [options.heads[0]]),
  };
  const audit = {
    timeline: async (_s: unknown, _id: string, afterSeq: number) => options.timeline.filter((e) => e.seq > afterSeq),
    chainStream: async (_s: unknown, after: { caseId: string }) => (after.caseId === ID ? [] : (options.stream ?? options.timeline)),
  };
  return new AuditVerifyService(audit as never, cases as never, {} as never, {} as never, {} as never);
}

describe('chain verification while transitions go on', () => {
  const trail = events(ID, 3);

  it('takes a transition committed after the row was read for what it is', async () => {
    // Row read at version 2; by the time the events are read, seq 3 has committed (and the row says 3).
    const verifier = service({ heads: [head(trail, 2), head(trail, 3)], timeline: trail });
    expect(await verifier.verifyCase({ all: true }, ID)).toEqual({ caseId: ID, valid: true, checked: 2 });
  });

  it('still names an event added past the version the row keeps', async () => {
    const verifier = service({ heads: [head(trail, 2), head(trail, 2)], timeline: trail });
    expect(await verifier.verifyCase({ all: true }, ID)).toMatchObject({ valid: false, headMismatch: true, firstBrokenSeq: 3 });
  });

  it('reads a case again before calling it truncated when the streamed events predate its row', async () => {
    // The stream was read before seq 3 committed; the heads after it.
    const verifier = service({ heads: [head(trail, 3)], timeline: trail, stream: trail.slice(0, 2) });
    const report = await (verifier as unknown as { verifyChains(scope: unknown): Promise<{ valid: boolean; truncated: unknown[] }> }).verifyChains({ all: true });
    expect(report).toMatchObject({ valid: true, truncated: [] });
  });
});
