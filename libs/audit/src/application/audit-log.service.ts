import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '@app/database';
import { DomainError } from '@app/workflow';
import { canonicalJson } from '../domain/hash-chain';
import { trailProfile } from '../domain/trail-profile';
import { leafHash, TreeFrontier, type TreeHash } from '../domain/merkle-tree';
import { keyId, type NoteSigner, publicKeyFromPem, signCheckpoint, signNote, verifierKey, verifyCheckpoint } from '../domain/signed-note';
import { AuditLogRepository, type PendingEntry, type StoredCheckpoint, type StoredKey } from '../persistence/audit-log.repository';
import { AUDIT_SIGNER } from './audit-signer';
import { decodeCursor, encodeCursor } from './cursor.util';

const SEQUENCE_BATCH = 5000;
const LEAF_PAGE = 10_000;

/** What a leaf of the log commits to: the event's place in its chain and its chain hash. */
export function leafData(entry: { chain: string; seq: number; hash: string }): string {
  return canonicalJson({ chain: entry.chain, seq: entry.seq, hash: entry.hash });
}

export function leafOf(entry: { chain: string; seq: number; hash: string }, algorithm?: TreeHash): Buffer {
  return leafHash(leafData(entry), algorithm);
}

/** The day in Asia/Shanghai, so a checkpoint closes each of the county's days. */
function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A checkpoint as served: its `note` is the signed text (C2SP tlog-checkpoint), byte for byte; keep a copy elsewhere. */
export type CheckpointView = Omit<StoredCheckpoint, 'frontier'>;

const view = ({ frontier: _frontier, ...c }: StoredCheckpoint): CheckpointView => c;

/**
 * The global log: queued events are given their log index in queue order (one sequencer at a time,
 * under an advisory lock), and the tree's head is signed as a checkpoint every few minutes and
 * once for each day, from the previous checkpoint's frontier so no leaf is read twice.
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly transactions: Transactions,
    private readonly log: AuditLogRepository,
    @Inject(AUDIT_SIGNER) private readonly signer: NoteSigner | null,
  ) {}

  get signing(): boolean {
    return this.signer !== null;
  }

  /** `text` signed by the log's key as a signed note (an evidence bundle's manifest hash); null without a key. */
  signStatement(text: string): string | null {
    return this.signer ? signNote(text, this.signer) : null;
  }

  /** Sequences everything queued now; returns how many events joined the log. */
  async sequence(): Promise<number> {
    let total = 0;
    for (;;) {
      const added = await this.transactions.run(async (runner) => {
        await this.log.lock(runner);
        const entries: PendingEntry[] = await this.log.pending(runner, SEQUENCE_BATCH);
        if (!entries.length) return 0;
        // Never below a signed size: indexes someone deleted stay holes instead of being reused
        // (an unsigned checkpoint row does not move the log).
        const last = await this.log.latestCheckpoint(runner);
        const signedSize = last && (await this.isSigned(last)) ? last.treeSize : 0;
        const first = Math.max(await this.log.size(runner), signedSize);
        await this.log.append(runner, first, entries, entries.map((e) => leafOf(e).toString('hex')));
        return entries.length;
      });
      total += added;
      if (added < SEQUENCE_BATCH) return total;
    }
  }

  /**
   * Sequences, then signs the tree's head when it grew since the last checkpoint or when no
   * checkpoint covers today yet. Returns the new checkpoint, or null (nothing to sign, or no key).
   */
  async checkpoint(now: Date = new Date()): Promise<CheckpointView | null> {
    const signer = this.signer;
    if (!signer) return null;
    await this.sequence();
    return this.transactions.run(async (runner) => {
      await this.log.lock(runner);
      const last = await this.log.latestCheckpoint(runner);
      const size = await this.log.size(runner);
      if (last && last.treeSize === size && shanghaiDay(new Date(last.at)) === shanghaiDay(now)) return null;
      // Nothing unsigned is built on: the previous checkpoint must be one this log signed, and the
      // log must still hold everything it covered; otherwise no checkpoint is signed (the watch alerts).
      if (last) await this.assertSound(last, size);
      let frontier = last ? TreeFrontier.restore(last.treeSize, last.frontier) : TreeFrontier.empty();
      while (frontier.size < size) {
        const leaves = await this.log.leaves(frontier.size, LEAF_PAGE, runner);
        if (!leaves.length) throw new Error(`audit log has no leaf ${frontier.size}`);
        for (const leaf of leaves) {
          if (leaf.logIndex !== frontier.size) throw new Error(`audit log has no leaf ${frontier.size}: refusing to sign over a hole`);
          frontier = frontier.append(Buffer.from(leaf.leafHash, 'hex'));
        }
      }
      const rootHash = frontier.root();
      const note = signCheckpoint({ origin: signer.name, treeSize: size, rootHash, at: now }, signer);
      const key = describeKey(signer);
      await this.log.ensureKey(runner, key);
      const id = key.keyId;
      const stored = { treeSize: size, rootHash: rootHash.toString('base64'), hashAlgorithm: trailProfile().hash, at: now.toISOString(), keyId: id, note, frontier: frontier.toHex() };
      return view({ id: await this.log.insertCheckpoint(runner, stored), ...stored });
    });
  }

  private async isSigned(checkpoint: StoredCheckpoint): Promise<boolean> {
    const key = (await this.log.keys()).find((k) => k.keyId === checkpoint.keyId);
    return !!key && verifyCheckpoint(checkpoint.note, { name: key.name, algorithm: key.algorithm, publicKey: publicKeyFromPem(key.publicKey) });
  }

  private async assertSound(last: StoredCheckpoint, size: number): Promise<void> {
    const signed = await this.isSigned(last);
    let frontierRoot: string | null;
    try {
      frontierRoot = TreeFrontier.restore(last.treeSize, last.frontier).root().toString('base64');
    } catch {
      frontierRoot = null;
    }
    if (!signed || frontierRoot !== last.rootHash || !last.note.includes(`\n${last.treeSize}\n${last.rootHash}\n`)) {
      throw new Error(`the last audit checkpoint (${last.id}) is not one this log signed as stored: refusing to build on it`);
    }
    if (size < last.treeSize) throw new Error(`audit log holds ${size} entries but its last checkpoint signed ${last.treeSize}: refusing to sign`);
  }

  async list(query: { limit: number; cursor?: string }): Promise<{ items: CheckpointView[]; nextCursor: string | null }> {
    const before = query.cursor ? decodeCursor(query.cursor, isCheckpointCursor).id : undefined;
    const rows = await this.log.checkpoints(query.limit + 1, before);
    const items = rows.slice(0, query.limit).map(view);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null };
  }

  /** The public keys that have signed checkpoints, oldest first, and the one signing now. */
  async keys(): Promise<{ current: string | null; keys: KeyView[] }> {
    const keys: KeyView[] = await this.log.keys();
    const signer = this.signer;
    const current = signer ? keyId(signer.name, signer.algorithm, signer.publicKey).toString('hex') : null;
    if (signer && current && !keys.some((k) => k.keyId === current)) {
      keys.push({ ...describeKey(signer), firstUsedAt: null });
    }
    if (!keys.length) throw DomainError.notFound('signing key');
    return { current, keys };
  }
}

export type KeyView = Omit<StoredKey, 'firstUsedAt'> & { firstUsedAt: string | null };

function describeKey(signer: NoteSigner): Omit<StoredKey, 'firstUsedAt'> {
  return {
    keyId: keyId(signer.name, signer.algorithm, signer.publicKey).toString('hex'),
    name: signer.name,
    algorithm: signer.algorithm,
    publicKey: signer.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    verifierKey: verifierKey(signer),
  };
}

function isCheckpointCursor(value: unknown): value is { id: string } {
  const v = value as { id?: unknown };
  return typeof v?.id === 'string' && /^\d{1,19}$/.test(v.id);
}
