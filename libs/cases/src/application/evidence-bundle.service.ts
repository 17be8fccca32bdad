import { Inject, Injectable, Logger } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';
import { ZipFile } from 'yazl';
import {
  attachmentPath,
  AuditLogRepository,
  AuditLogService,
  AuditRepository,
  type BundleAttachment,
  type BundleProof,
  bundleFiles,
  bundleReadme,
  bundleVerifier,
  inclusionProofs,
  manifestStatement,
  trailProfile,
} from '@app/audit';
import { Transactions } from '@app/database';
import { Actor, ADMIN_TRAIL, type AdminTrail, type ChangeContext, DomainError, ErrorCode } from '@app/workflow';
import { AttachmentRepository } from '../persistence/attachment.repository';
import { type BundleSelection, CaseRepository } from '../persistence/case.repository';
import { PostgresFileStore } from '../persistence/file-store';

/** A bundle holds whole chains: past this many events (or cases) the period must be narrowed. */
export const MAX_BUNDLE_EVENTS = 200_000;
export const MAX_BUNDLE_CASES = 5_000;
/** Below ZIP64's limits (4 GiB, 65,535 entries), which the offline verifier does not read. */
export const MAX_BUNDLE_FILE_BYTES = 2 * 2 ** 30;
export const MAX_BUNDLE_ENTRIES = 60_000;
const LEAF_PAGE = 50_000;

export type BundleQuery = BundleSelection & { files?: boolean };

export interface BundleProgress {
  phase: 'signing' | 'reading' | 'proving' | 'writing';
  done: number;
  total: number | null;
}

export interface BuiltBundle {
  /** A temporary file; the caller removes it (with `dispose`) once it is sent. */
  path: string;
  fileName: string;
  bytes: number;
  manifestSha256: string;
  cases: number;
  events: number;
  /** Events the signed checkpoint does not cover yet (written after it, or no key to sign). */
  unsigned: number;
  treeSize: number | null;
  dispose(): Promise<void>;
}

const stamp = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

/**
 * 证据包: the chains of one case or of a unit's cases in a period, the signed checkpoint that covers
 * them with an inclusion proof per event, the attachments' hashes (and files on request), a
 * manifest and an offline verifier, as a ZIP. Everything is read in one snapshot so the chains,
 * the case heads and the log agree; the export itself is recorded in the admin chain.
 */
@Injectable()
export class EvidenceBundleService {
  private readonly logger = new Logger(EvidenceBundleService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly audit: AuditRepository,
    private readonly log: AuditLogService,
    private readonly logRows: AuditLogRepository,
    private readonly attachments: AttachmentRepository,
    private readonly fileStore: PostgresFileStore,
    @Inject(ADMIN_TRAIL) private readonly adminTrail: AdminTrail,
  ) {}

  /** Bundles of this process are built one at a time: each reads the whole tree of leaves. */
  private queue: Promise<unknown> = Promise.resolve();

  build(actor: Actor, query: BundleQuery, by: ChangeContext, progress: (p: BundleProgress) => void = () => undefined): Promise<BuiltBundle> {
    const next = this.queue.then(() => this.buildNow(actor, query, by, progress));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async buildNow(actor: Actor, query: BundleQuery, by: ChangeContext, progress: (p: BundleProgress) => void): Promise<BuiltBundle> {
    progress({ phase: 'signing', done: 0, total: null });
    // Sign what is logged so far, so the bundle's events are covered up to this moment.
    await this.log.checkpoint().catch((err: unknown) => this.logger.warn({ err }, 'no fresh checkpoint for the evidence bundle; using the latest one'));
    const createdAt = new Date();
    const contents = await this.transactions.snapshot(async (runner) => {
      const cases = await this.cases.bundleCases(runner, actor.scope, query, MAX_BUNDLE_CASES + 1);
      if ('caseId' in query && !cases.length) throw DomainError.notFound('case');
      if (cases.length > MAX_BUNDLE_CASES) throw tooLarge(`more than ${MAX_BUNDLE_CASES} cases`);
      const eventCount = cases.reduce((n, c) => n + c.headSeq, 0);
      if (eventCount > MAX_BUNDLE_EVENTS) throw tooLarge(`${eventCount} events, more than ${MAX_BUNDLE_EVENTS}`);
      progress({ phase: 'reading', done: 0, total: eventCount });
      const ids = cases.map((c) => c.caseId);
      const events = ids.length ? await this.audit.bundleEvents(runner, actor.scope, ids) : [];
      progress({ phase: 'reading', done: events.length, total: eventCount });
      const checkpoint = await this.logRows.latestCheckpoint(runner);
      const proofs = await this.prove(runner, events, checkpoint, progress);
      const attachments = ids.length ? await this.attachments.forCases(runner, actor.scope, ids) : [];
      return { cases, events, checkpoint, proofs, attachments };
    });
    const { cases, events, checkpoint, proofs } = contents;
    const keys = checkpoint ? (await this.logRows.keys()).filter((k) => k.keyId === checkpoint.keyId) : [];
    const attachments: BundleAttachment[] = contents.attachments.map((a) => ({
      id: a.id,
      caseId: a.caseId,
      caseCode: a.caseCode,
      name: a.name,
      mediaType: a.mediaType,
      size: a.size,
      sha256: a.sha256,
      uploadedAt: a.uploadedAt,
      file: query.files ? attachmentPath(a) : null,
    }));
    // Streamed from the store as they are written; the manifest lists them by the hash and size checked at upload.
    const files = query.files ? attachments.map((a) => ({ path: a.file!, sha256: a.sha256, size: a.size })) : [];
    const fileBytes = files.reduce((n, f) => n + f.size, 0);
    if (fileBytes > MAX_BUNDLE_FILE_BYTES) throw tooLarge(`${Math.ceil(fileBytes / 2 ** 20)} MB of attachment files, more than ${MAX_BUNDLE_FILE_BYTES / 2 ** 30} GB (ask without files)`, 'files');
    if (cases.length + files.length > MAX_BUNDLE_ENTRIES) throw tooLarge(`${cases.length + files.length} files, more than ${MAX_BUNDLE_ENTRIES}`, 'files');
    const scopeText = 'caseId' in query ? `案件 ${cases[0].caseCode}` : `单位 ${query.unitId} 的案件${query.from || query.to ? `（期间 ${query.from?.toISOString() ?? '不限'} 至 ${query.to?.toISOString() ?? '不限'}）` : ''}`;
    const origin = checkpoint ? (checkpoint.note.split('\n', 1)[0] ?? '') : '';
    const { files: entries, manifestSha256 } = bundleFiles({
      origin,
      createdAt: createdAt.toISOString(),
      createdBy: { id: actor.id, name: actor.displayName, roles: actor.roles },
      query: describeQuery(query),
      cases,
      events: events.map(({ logIndex: _logIndex, ...event }) => event),
      proofs,
      checkpoint: checkpoint && { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, at: checkpoint.at, keyId: checkpoint.keyId, note: checkpoint.note },
      keys,
      attachments,
      files,
      verifier: bundleVerifier(),
      hashAlgorithm: trailProfile().hash,
      signatureAlgorithm: trailProfile().signature,
      readme: bundleReadme({ hashAlgorithm: trailProfile().hash, signatureAlgorithm: trailProfile().signature, origin, createdAt: createdAt.toISOString(), createdBy: `${actor.displayName}（${actor.username}）`, scope: scopeText, cases: cases.length, events: events.length, treeSize: checkpoint?.treeSize ?? null }),
    });
    progress({ phase: 'writing', done: 0, total: entries.length });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-bundle-'));
    const file = path.join(dir, 'bundle.zip');
    const dispose = () => rm(dir, { recursive: true, force: true });
    try {
      const zip = new ZipFile();
      // Stored, not deflated: every byte of the archive is then a checked header or the content itself.
      const options = { mtime: createdAt, mode: 0o100644, compress: false, forceDosTimestamp: true };
      for (const entry of entries) zip.addBuffer(entry.bytes, entry.path, options);
      for (const f of files) zip.addReadStream(this.fileStore.open(f.sha256), f.path, { ...options, size: f.size });
      const signed = this.log.signStatement(manifestStatement(manifestSha256));
      if (signed) zip.addBuffer(Buffer.from(signed, 'utf8'), 'manifest.sig', options);
      zip.end();
      const out = createWriteStream(file);
      await pipeline(zip.outputStream, out);
      const unsigned = events.filter((e) => e.logIndex === null || !checkpoint || e.logIndex >= checkpoint.treeSize).length;
      const summary = { manifestSha256, cases: cases.length, events: events.length, unsigned, treeSize: checkpoint?.treeSize ?? null };
      await this.transactions.run((runner) =>
        this.adminTrail.record(runner, [
          { type: 'EVIDENCE_BUNDLE_EXPORTED', subject: { type: 'evidence-bundle', id: manifestSha256 }, before: null, after: { query: describeQuery(query), ...summary }, ...by },
        ]),
      );
      progress({ phase: 'writing', done: entries.length, total: entries.length });
      const code = 'caseId' in query ? cases[0].caseCode : `单位${cases.length}件`;
      return { path: file, fileName: `证据包-${code}-${stamp(createdAt)}.zip`, bytes: out.bytesWritten, ...summary, dispose };
    } catch (error) {
      await dispose();
      throw error;
    }
  }

  /** Inclusion proofs of every covered event, from one pass over the tree the checkpoint signed. */
  private async prove(
    runner: QueryRunner,
    events: readonly { caseId: string; seq: number; logIndex: number | null }[],
    checkpoint: { treeSize: number; rootHash: string } | null,
    progress: (p: BundleProgress) => void,
  ): Promise<Map<string, BundleProof[]>> {
    const size = checkpoint?.treeSize ?? 0;
    const covered = events.filter((e) => e.logIndex !== null && e.logIndex < size).map((e) => e.logIndex!);
    let paths = new Map<number, Buffer[]>();
    if (checkpoint && covered.length) {
      const leaves = Buffer.alloc(size * 32);
      for (let from = 0; from < size; ) {
        const page = await this.logRows.leafHashes(runner, from, Math.min(LEAF_PAGE, size - from));
        for (const row of page) {
          if (row.logIndex !== from) throw brokenLog(`it has no leaf ${from}`);
          leaves.write(row.leafHash, from * 32, 'hex');
          from++;
        }
        if (!page.length) throw brokenLog(`it has no leaf ${from}`);
        progress({ phase: 'proving', done: from, total: size });
      }
      const { root, proofs } = inclusionProofs(covered, leaves, size);
      if (root.toString('base64') !== checkpoint.rootHash) throw brokenLog('its leaves no longer give the signed root');
      paths = proofs;
    }
    const out = new Map<string, BundleProof[]>();
    // Proofs share their upper siblings (the same subtree objects): encode each once.
    const encoded = new Map<Buffer, string>();
    const base64 = (node: Buffer) => encoded.get(node) ?? encoded.set(node, node.toString('base64')).get(node)!;
    for (const e of events) {
      const path = e.logIndex !== null && e.logIndex < size ? (paths.get(e.logIndex) ?? []).map(base64) : [];
      if (!out.has(e.caseId)) out.set(e.caseId, []);
      out.get(e.caseId)!.push({ seq: e.seq, logIndex: e.logIndex, path });
    }
    return out;
  }

}

function describeQuery(query: BundleQuery): Record<string, unknown> {
  return 'caseId' in query
    ? { caseId: query.caseId, files: !!query.files }
    : { unitId: query.unitId, from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null, files: !!query.files };
}

function tooLarge(what: string, field: 'to' | 'files' = 'to'): DomainError {
  return DomainError.refusedContent(413, [{ field, code: 'too_large', message: `the bundle would hold ${what}: narrow the period` }]);
}

function brokenLog(why: string): DomainError {
  return new DomainError(ErrorCode.UNAVAILABLE, `the audit log does not match its signed checkpoint (${why}): run GET /api/audit/verify`);
}
