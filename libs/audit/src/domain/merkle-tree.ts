import { createHash } from 'node:crypto';
import { trailProfile } from './trail-profile';

/** The hash of the log's tree: SHA-256 by default, SM3 in the 国密 profile (same construction). */
export type TreeHash = 'sha256' | 'sm3';

// Without an explicit algorithm, the database's profile.
const profileHash = (): TreeHash => trailProfile().hash;

// RFC 9162 §2.1.1: domain separation between leaves and interior nodes.
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function leafHash(data: Buffer | string, algorithm: TreeHash = profileHash()): Buffer {
  return createHash(algorithm).update(LEAF).update(data).digest();
}

export function nodeHash(left: Buffer, right: Buffer, algorithm: TreeHash = profileHash()): Buffer {
  return createHash(algorithm).update(NODE).update(left).update(right).digest();
}

/** MTH of the empty tree: the hash of the empty string. */
export function emptyRoot(algorithm: TreeHash = profileHash()): Buffer {
  return createHash(algorithm).digest();
}

/**
 * The perfect subtrees that make up a tree of `size` leaves, largest first (its binary
 * decomposition): enough to append further leaves and to give the root at any size, so a
 * checkpoint need not reread the leaves the previous one covered.
 */
export class TreeFrontier {
  private constructor(
    readonly size: number,
    private readonly subtrees: Buffer[],
    readonly algorithm: TreeHash,
  ) {}

  static empty(algorithm: TreeHash = profileHash()): TreeFrontier {
    return new TreeFrontier(0, [], algorithm);
  }

  static restore(size: number, hex: readonly string[], algorithm: TreeHash = profileHash()): TreeFrontier {
    const expected = popCount(size);
    if (hex.length !== expected) throw new Error(`a frontier of ${size} leaves has ${expected} subtrees, got ${hex.length}`);
    return new TreeFrontier(size, hex.map((h) => Buffer.from(h, 'hex')), algorithm);
  }

  append(leaf: Buffer): TreeFrontier {
    const subtrees = [...this.subtrees, leaf];
    // Each trailing 1 bit of the old size is a subtree of the new leaf's height: merge them.
    for (let n = this.size; n & 1; n >>= 1) {
      const right = subtrees.pop()!;
      const left = subtrees.pop()!;
      subtrees.push(nodeHash(left, right, this.algorithm));
    }
    return new TreeFrontier(this.size + 1, subtrees, this.algorithm);
  }

  /** MTH (RFC 9162 §2.1.1) of the leaves appended so far. */
  root(): Buffer {
    if (!this.subtrees.length) return emptyRoot(this.algorithm);
    let root = this.subtrees[this.subtrees.length - 1];
    for (let i = this.subtrees.length - 2; i >= 0; i--) root = nodeHash(this.subtrees[i], root, this.algorithm);
    return root;
  }

  toHex(): string[] {
    return this.subtrees.map((s) => s.toString('hex'));
  }
}

function popCount(n: number): number {
  let count = 0;
  for (let m = n; m > 0; m = Math.floor(m / 2)) count += m % 2;
  return count;
}

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes (RFC 9162 §2.1.1), for proofs over a known range. */
export function rootOf(leaves: readonly Buffer[], algorithm: TreeHash = profileHash()): Buffer {
  if (!leaves.length) return emptyRoot(algorithm);
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k), algorithm), rootOf(leaves.slice(k), algorithm), algorithm);
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `leaves`. */
export function inclusionProof(index: number, leaves: readonly Buffer[], algorithm: TreeHash = profileHash()): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is outside a tree of ${leaves.length}`);
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...inclusionProof(index, leaves.slice(0, k), algorithm), rootOf(leaves.slice(k), algorithm)]
    : [...inclusionProof(index - k, leaves.slice(k), algorithm), rootOf(leaves.slice(0, k), algorithm)];
}

/** RFC 9162 §2.1.3.2: whether `proof` puts `leaf` at `index` of the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leaf: Buffer, proof: readonly Buffer[], root: Buffer, algorithm: TreeHash = profileHash()): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r, algorithm);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p, algorithm);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Audit paths of many leaves at once, and the root, over `size` leaf hashes packed end to end in
 * `leaves` (32 bytes each): one pass over the tree, each interior node hashed once, where proving
 * leaf by leaf would rehash the tree for every event of an evidence bundle.
 */
export function inclusionProofs(indexes: readonly number[], leaves: Buffer, size: number, algorithm: TreeHash = profileHash()): { root: Buffer; proofs: Map<number, Buffer[]> } {
  const width = 32;
  if (leaves.length < size * width) throw new RangeError(`${size} leaves need ${size * width} bytes, got ${leaves.length}`);
  const targets = [...new Set(indexes)].sort((a, b) => a - b);
  for (const index of targets) if (index < 0 || index >= size) throw new RangeError(`leaf ${index} is outside a tree of ${size}`);
  const proofs = new Map(targets.map((i) => [i, [] as Buffer[]]));
  if (!size) return { root: emptyRoot(algorithm), proofs };
  const walk = (lo: number, n: number, inside: readonly number[]): Buffer => {
    if (n === 1) return leaves.subarray(lo * width, (lo + 1) * width);
    const k = split(n);
    const cut = inside.findIndex((i) => i >= lo + k);
    const left = cut < 0 ? inside : inside.slice(0, cut);
    const right = cut < 0 ? [] : inside.slice(cut);
    const l = walk(lo, k, left);
    const r = walk(lo + k, n - k, right);
    // Deeper siblings were pushed by the calls above: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]).
    for (const i of left) proofs.get(i)!.push(r);
    for (const i of right) proofs.get(i)!.push(l);
    return nodeHash(l, r, algorithm);
  };
  return { root: walk(0, size, targets), proofs };
}
