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
  /** Attachment files streamed into the archive by the caller: listed here with their stored hash and size. */
  files: readonly { path: string; sha256: string; size: number }[];
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

const NAME_BYTES = 150;

/**
 * The ZIP entry of an attachment: its id and its name, without separators or control characters,
 * cut by whole characters to 150 UTF-8 bytes (unzipped names must fit a file system's 255) with
 * the extension kept.
 */
export function attachmentPath(attachment: { id: string; name: string }): string {
  const chars = [...attachment.name].map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c));
  const dot = chars.lastIndexOf('.');
  const ext = dot > 0 && chars.length - dot <= 10 ? chars.slice(dot) : [];
  const stem = ext.length ? chars.slice(0, dot) : chars;
  let bytes = Buffer.byteLength(ext.join(''));
  const kept: string[] = [];
  for (const c of stem) {
    bytes += Buffer.byteLength(c);
    if (bytes > NAME_BYTES) break;
    kept.push(c);
  }
  return `attachments/${attachment.id}-${kept.join('')}${ext.join('')}`;
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
    // One entry per line: thousands of cases' proofs stay a fraction of the size indented JSON would be.
    const entries = (contents.proofs.get(c.caseId) ?? []).map((e) => JSON.stringify(e)).join(',\n  ');
    add(`proofs/${c.caseCode}.json`, Buffer.from(`{"caseId":${JSON.stringify(c.caseId)},"caseCode":${JSON.stringify(c.caseCode)},"treeSize":${contents.checkpoint?.treeSize ?? null},"entries":[\n  ${entries}\n]}\n`, 'utf8'));
  }
  if (contents.checkpoint) add(`checkpoints/${contents.checkpoint.treeSize}.txt`, Buffer.from(contents.checkpoint.note, 'utf8'));
  add('checkpoints/keys.json', json(contents.keys.map(({ name, keyId, algorithm, verifierKey, publicKey }) => ({ name, keyId, algorithm, verifierKey, publicKey }))));
  add('attachments.json', json(contents.attachments));
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
    files: [...files.map((f) => ({ path: f.path, sha256: sha256(f.bytes), size: f.bytes.length })), ...contents.files],
  });
  const manifestSha256 = sha256(manifest);
  return { files: [...files, { path: 'manifest.json', bytes: manifest }, { path: 'manifest.sha256', bytes: Buffer.from(`${manifestSha256}\n`, 'utf8') }], manifestSha256 };
}

/** The statement `manifest.sig` signs with the log's key: the format and the manifest's SHA-256. */
export const manifestStatement = (manifestSha256: string) => `${BUNDLE_FORMAT}\n${manifestSha256}\n`;
