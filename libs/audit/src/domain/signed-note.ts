import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint): the body is
 * the log's origin, tree size and base64 root, plus a `time` extension line; each signature line
 * is an em dash, the key name and base64(key id || signature).
 */

export type SignatureAlgorithm = 'ed25519' | 'sm2';

// Signature type bytes of signed-note: 0x01 is Ed25519; SM2 has none, so it takes the
// private-use identifier 0xff.
const TYPE_BYTE: Record<SignatureAlgorithm, number> = { ed25519: 0x01, sm2: 0xff };
const EM_DASH = '\u2014';

export interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  at: Date;
}

export interface NoteSigner {
  name: string;
  algorithm: SignatureAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface NoteKey {
  name: string;
  algorithm: SignatureAlgorithm;
  publicKey: KeyObject;
}

/** The raw public key: Ed25519's 32 bytes, SM2's uncompressed point (SPKI DER's bit string). */
export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return key.asymmetricKeyType === 'ed25519' ? der.subarray(der.length - 32) : der.subarray(der.length - 65);
}

/** key id = first 4 bytes of SHA-256(name || 0x0A || type || public key) (signed-note). */
export function keyId(name: string, algorithm: SignatureAlgorithm, publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(name)
    .update(Buffer.from([0x0a, TYPE_BYTE[algorithm]]))
    .update(rawPublicKey(publicKey))
    .digest()
    .subarray(0, 4);
}

/** The verifier key string `name+hexid+base64(type || key)` others configure to check our notes. */
export function verifierKey(key: NoteKey): string {
  const id = keyId(key.name, key.algorithm, key.publicKey).toString('hex');
  return `${key.name}+${id}+${Buffer.concat([Buffer.from([TYPE_BYTE[key.algorithm]]), rawPublicKey(key.publicKey)]).toString('base64')}`;
}

export function checkpointText(body: CheckpointBody): string {
  return `${body.origin}\n${body.treeSize}\n${body.rootHash.toString('base64')}\ntime ${body.at.toISOString()}\n`;
}

function signBytes(algorithm: SignatureAlgorithm, data: Buffer, privateKey: KeyObject): Buffer {
  return algorithm === 'ed25519' ? sign(null, data, privateKey) : sign('sm3', data, privateKey);
}

function verifyBytes(algorithm: SignatureAlgorithm, data: Buffer, publicKey: KeyObject, signature: Buffer): boolean {
  try {
    return algorithm === 'ed25519' ? verify(null, data, publicKey, signature) : verify('sm3', data, publicKey, signature);
  } catch {
    return false;
  }
}

/** Any text (lines ending in a newline) as a signed note. */
export function signNote(text: string, signer: NoteSigner): string {
  const signature = signBytes(signer.algorithm, Buffer.from(text, 'utf8'), signer.privateKey);
  const id = keyId(signer.name, signer.algorithm, signer.publicKey);
  return `${text}\n${EM_DASH} ${signer.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

export function signCheckpoint(body: CheckpointBody, signer: NoteSigner): string {
  return signNote(checkpointText(body), signer);
}

export interface ParsedCheckpoint extends CheckpointBody {
  text: string;
  signatures: { name: string; keyId: string; signature: Buffer }[];
}

/** Parses a checkpoint note; null when it is not one (any byte out of place). */
export function parseCheckpoint(note: string): ParsedCheckpoint | null {
  const split = note.indexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const text = note.slice(0, split + 1);
  const lines = text.split('\n').slice(0, -1);
  if (lines.length < 3 || !/^\d+$/.test(lines[1])) return null;
  const time = lines.slice(3).find((l) => l.startsWith('time '));
  const at = time ? new Date(time.slice(5)) : new Date(NaN);
  const rootHash = Buffer.from(lines[2], 'base64');
  if (rootHash.toString('base64') !== lines[2] || Number.isNaN(at.getTime())) return null;
  const signatures = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/=]+)$`).exec(line);
    if (!match) return null;
    const bytes = Buffer.from(match[2], 'base64');
    if (bytes.length < 5) return null;
    signatures.push({ name: match[1], keyId: bytes.subarray(0, 4).toString('hex'), signature: bytes.subarray(4) });
  }
  return { text, origin: lines[0], treeSize: Number(lines[1]), rootHash, at, signatures };
}

/** Whether `note` carries a valid signature by `key` (found by its name and key id). */
export function verifyCheckpoint(note: string, key: NoteKey): boolean {
  const parsed = parseCheckpoint(note);
  if (!parsed) return false;
  const id = keyId(key.name, key.algorithm, key.publicKey).toString('hex');
  const line = parsed.signatures.find((s) => s.name === key.name && s.keyId === id);
  return !!line && verifyBytes(key.algorithm, Buffer.from(parsed.text, 'utf8'), key.publicKey, line.signature);
}

// SubjectPublicKeyInfo of an SM2 key up to its 65-byte point (id-ecPublicKey, curve SM2).
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

/** A verifier key string (`name+hexid+base64(type || key)`) back to a key: Ed25519, or SM2 (type 0xff). */
export function parseVerifierKey(vkey: string): NoteKey {
  // The key's base64 may itself hold '+': only the first two separate the fields.
  const [, name, id, encoded] = /^([^+]+)\+([^+]*)\+(.*)$/.exec(vkey.trim()) ?? [];
  const bytes = Buffer.from(encoded ?? '', 'base64');
  const algorithm: SignatureAlgorithm | null = bytes[0] === TYPE_BYTE.ed25519 && bytes.length === 33 ? 'ed25519' : bytes[0] === TYPE_BYTE.sm2 && bytes.length === 66 ? 'sm2' : null;
  if (!name || !/^[0-9a-f]{8}$/.test(id ?? '') || bytes.toString('base64') !== encoded || !algorithm) {
    throw new Error(`not an Ed25519 or SM2 verifier key (name+keyid+base64): ${vkey}`);
  }
  const raw = bytes.subarray(1);
  const publicKey =
    algorithm === 'ed25519'
      ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
      : createPublicKey({ key: Buffer.concat([SM2_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  const key: NoteKey = { name, algorithm, publicKey };
  if (keyId(name, algorithm, publicKey).toString('hex') !== id) throw new Error(`the key id of ${vkey} does not match its key`);
  return key;
}

/** A public key from its SPKI PEM, as stored beside the checkpoints. */
export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}
