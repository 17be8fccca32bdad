import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ChainedRecord } from './hash-chain';

/** The layout of an evidence bundle (证据包, DESIGN.md §12), computed without I/O. */

export const BUNDLE_FORMAT = 'rectify-evidence-bundle/1';

export interface BundleCase {
  caseId: string;
  caseCode: string;
  kind: string;
  title: string;
  unitId: string;
  /** The chain head stored on the case when the bundle was made: its tip must be this. */
  headSeq: number;
  headHash: string;
}

export interface BundleEvent extends ChainedRecord {
  caseCode: string;
}

export interface BundleProof {
  seq: number;
  /** Null for an event the log has not sequenced yet. */
  logIndex: number | null;
  /** Base64 sibling hashes, leaf to root (RFC 9162 PATH); empty when the event is not covered. */
  path: string[];
}

export interface BundleAttachment {
  id: string;
  caseId: string;
  caseCode: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  /** Where its bytes are in the bundle, when the files were asked for. */
  file: string | null;
}

export interface BundleKey {
  name: string;
  keyId: string;
  algorithm: string;
  verifierKey: string;
  publicKey: string;
}

export interface BundleCheckpoint {
  treeSize: number;
  rootHash: string;
  at: string;
  keyId: string;
  note: string;
}

export interface BundleContents {
  origin: string;
  createdAt: string;
  createdBy: { id: string; name: string; roles: readonly string[] };
  query: Record<string, unknown>;
  cases: readonly BundleCase[];
  /** Whole chains, case by case in seq order. */
  events: readonly BundleEvent[];
  proofs: ReadonlyMap<string, readonly BundleProof[]>;
  checkpoint: BundleCheckpoint | null;
  keys: readonly BundleKey[];
  attachments: readonly BundleAttachment[];
  files: readonly { path: string; bytes: Buffer }[];
  verifier: { html: string; mjs: string };
  readme: string;
  /** The trail's algorithms (the 国密 profile: sm3 / sm2); files are hashed with SHA-256 either way. */
  hashAlgorithm: 'sha256' | 'sm3';
  signatureAlgorithm: 'ed25519' | 'sm2';
}

export interface BundleFile {
  path: string;
  bytes: Buffer;
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A name a ZIP entry may take (case codes and file names are already safe; ids are UUIDs). */
export function attachmentPath(attachment: { id: string; name: string }): string {
  const safe = [...attachment.name].map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('').slice(-120);
  return `attachments/${attachment.id}-${safe}`;
}

/**
 * Every file of the bundle, the manifest (each file's SHA-256 and size) and `manifest.sha256` last.
 * Events are RFC 8785 canonical JSON, one per line, so the line is the text the verifier hashes.
 */
export function bundleFiles(contents: BundleContents): { files: BundleFile[]; manifestSha256: string } {
  const files: BundleFile[] = [];
  const add = (path: string, bytes: Buffer) => files.push({ path, bytes });
  add('README.txt', Buffer.from(contents.readme, 'utf8'));
  add('events.jsonl', Buffer.from(contents.events.map((e) => `${canonicalize(e)}\n`).join(''), 'utf8'));
  for (const c of contents.cases) {
    add(`proofs/${c.caseCode}.json`, json({ caseId: c.caseId, caseCode: c.caseCode, treeSize: contents.checkpoint?.treeSize ?? null, entries: contents.proofs.get(c.caseId) ?? [] }));
  }
  if (contents.checkpoint) add(`checkpoints/${contents.checkpoint.treeSize}.txt`, Buffer.from(contents.checkpoint.note, 'utf8'));
  add('checkpoints/keys.json', json(contents.keys.map(({ name, keyId, algorithm, verifierKey, publicKey }) => ({ name, keyId, algorithm, verifierKey, publicKey }))));
  add('attachments.json', json(contents.attachments));
  for (const f of contents.files) add(f.path, f.bytes);
  add('verify.html', Buffer.from(contents.verifier.html, 'utf8'));
  add('verify.mjs', Buffer.from(contents.verifier.mjs, 'utf8'));
  const manifest = json({
    format: BUNDLE_FORMAT,
    origin: contents.origin,
    createdAt: contents.createdAt,
    createdBy: contents.createdBy,
    query: contents.query,
    hashAlgorithm: contents.hashAlgorithm,
    signatureAlgorithm: contents.signatureAlgorithm,
    checkpoint: contents.checkpoint && {
      file: `checkpoints/${contents.checkpoint.treeSize}.txt`,
      treeSize: contents.checkpoint.treeSize,
      rootHash: contents.checkpoint.rootHash,
      at: contents.checkpoint.at,
      keyId: contents.checkpoint.keyId,
    },
    counts: { cases: contents.cases.length, events: contents.events.length, attachments: contents.attachments.length, files: contents.files.length },
    cases: contents.cases,
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.bytes), size: f.bytes.length })),
  });
  const manifestSha256 = sha256(manifest);
  return { files: [...files, { path: 'manifest.json', bytes: manifest }, { path: 'manifest.sha256', bytes: Buffer.from(`${manifestSha256}\n`, 'utf8') }], manifestSha256 };
}
