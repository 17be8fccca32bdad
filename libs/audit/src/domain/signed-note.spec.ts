import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { parseCheckpoint, parseVerifierKey, signCheckpoint, verifierKey, verifyCheckpoint, type NoteSigner } from './signed-note';

function signer(name = 'rectify.example/audit', algorithm: 'ed25519' | 'sm2' = 'ed25519'): NoteSigner {
  if (algorithm === 'ed25519') return { name, algorithm, ...generateKeyPairSync('ed25519') };
  // Read back from PEM, OpenSSL treats the key as SM2 (an SM2 signature), not as ECDSA on the SM2 curve.
  const privateKey = createPrivateKey(generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return { name, algorithm, privateKey, publicKey: createPublicKey(privateKey) };
}

describe('checkpoints as signed notes (C2SP)', () => {
  const body = { origin: 'rectify.example/audit', treeSize: 42, rootHash: createHash('sha256').update('root').digest(), at: new Date('2026-12-03T08:00:00.000Z') };

  it('writes the tlog-checkpoint body, a blank line and an em-dash signature line', () => {
    const note = signCheckpoint(body, signer());
    const [text, signature] = note.split('\n\n');
    expect(text).toBe(`rectify.example/audit\n42\n${body.rootHash.toString('base64')}\ntime 2026-12-03T08:00:00.000Z`);
    expect(signature).toMatch(/^\u2014 rectify\.example\/audit [A-Za-z0-9+/]+=*\n$/);
    // 4-byte key id + 64-byte Ed25519 signature
    expect(Buffer.from(signature.trim().split(' ')[2], 'base64')).toHaveLength(68);
    expect(parseCheckpoint(note)).toMatchObject({ origin: body.origin, treeSize: 42, rootHash: body.rootHash, at: body.at });
  });

  it('verifies with its key and no other, and refuses any changed byte', () => {
    const key = signer();
    const note = signCheckpoint(body, key);
    expect(verifyCheckpoint(note, key)).toBe(true);
    expect(verifyCheckpoint(note, signer())).toBe(false);
    expect(verifyCheckpoint(note.replace('\n42\n', '\n43\n'), key)).toBe(false);
    expect(verifyCheckpoint(note.replace('08:00:00', '09:00:00'), key)).toBe(false);
    expect(verifyCheckpoint(note.slice(0, -2) + (note.at(-2) === 'A' ? 'B' : 'A') + '\n', key)).toBe(false);
  });

  it('round-trips the verifier key a witness keeps, and refuses a forged one', () => {
    const key = signer();
    const vkey = verifierKey(key);
    expect(vkey).toMatch(/^rectify\.example\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(verifyCheckpoint(signCheckpoint(body, key), parseVerifierKey(vkey))).toBe(true);
    expect(() => parseVerifierKey(vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/key id/);
    expect(() => parseVerifierKey('nonsense')).toThrow(/not an Ed25519 or SM2 verifier key/);
    // A key whose base64 holds a '+' of its own still parses.
    const plus = Array.from({ length: 200 }, () => signer()).find((k) => verifierKey(k).split('+').length > 3)!;
    expect(verifyCheckpoint(signCheckpoint(body, plus), parseVerifierKey(verifierKey(plus)))).toBe(true);
  });

  it('signs and verifies with SM2 in the 国密 profile', () => {
    const key = signer('rectify.example/audit', 'sm2');
    const note = signCheckpoint(body, key);
    expect(verifyCheckpoint(note, key)).toBe(true);
    expect(verifyCheckpoint(note.replace('\n42\n', '\n41\n'), key)).toBe(false);
    // The verifier key a witness keeps (type byte 0xff) gives back a key that checks it.
    expect(verifyCheckpoint(note, parseVerifierKey(verifierKey(key)))).toBe(true);
  });
});
