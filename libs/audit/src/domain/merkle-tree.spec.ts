import { createHash } from 'node:crypto';
import { inclusionProof, inclusionProofs, leafHash, rootOf, TreeFrontier, verifyInclusion } from './merkle-tree';

// The leaves and roots of RFC 6962's reference test vectors (certificate-transparency merkle tree tests).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
  leafHash(Buffer.from(h, 'hex')),
);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('the Merkle tree of the audit log (RFC 9162)', () => {
  it('gives the reference roots for 1 to 8 leaves, whole or appended one at a time', () => {
    let frontier = TreeFrontier.empty();
    LEAVES.forEach((leaf, i) => {
      frontier = frontier.append(leaf);
      expect(frontier.root().toString('hex')).toBe(ROOTS[i]);
      expect(rootOf(LEAVES.slice(0, i + 1)).toString('hex')).toBe(ROOTS[i]);
    });
  });

  it('hashes the empty tree as the hash of the empty string', () => {
    expect(TreeFrontier.empty().root().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('continues from a stored frontier exactly as from the leaves', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(`event ${i}`));
    let whole = TreeFrontier.empty();
    for (const leaf of leaves.slice(0, 137)) whole = whole.append(leaf);
    let resumed = TreeFrontier.restore(137, whole.toHex());
    for (const leaf of leaves.slice(137)) {
      whole = whole.append(leaf);
      resumed = resumed.append(leaf);
    }
    expect(resumed.root()).toEqual(whole.root());
    expect(resumed.root()).toEqual(rootOf(leaves));
    expect(() => TreeFrontier.restore(137, whole.toHex())).toThrow(/137 leaves has 3 subtrees, got 4/);
  });

  it('proves every leaf of trees of every size up to 40, and refuses a wrong leaf, index or root', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => leafHash(`leaf ${i}`));
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      const root = rootOf(tree);
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(index, tree);
        expect(verifyInclusion(index, size, tree[index], proof, root)).toBe(true);
        expect(verifyInclusion(index, size, leafHash('forged'), proof, root)).toBe(false);
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, tree[index], proof, root)).toBe(false);
        expect(verifyInclusion(index, size, tree[index], proof, rootOf([...tree, leafHash('one more')]))).toBe(false);
      }
    }
  });

  it('proves many leaves in one pass exactly as one at a time, with the same root', () => {
    const leaves = Array.from({ length: 67 }, (_, i) => leafHash(`leaf ${i}`));
    for (const size of [1, 2, 3, 8, 13, 64, 67]) {
      const tree = leaves.slice(0, size);
      const wanted = [0, size - 1, Math.floor(size / 2), Math.floor(size / 3), size - 1];
      const { root, proofs } = inclusionProofs(wanted, Buffer.concat(tree), size);
      expect(root).toEqual(rootOf(tree));
      expect(proofs.size).toBe(new Set(wanted).size);
      for (const [index, proof] of proofs) expect(proof).toEqual(inclusionProof(index, tree));
    }
    expect(inclusionProofs([], Buffer.alloc(0), 0).root).toEqual(rootOf([]));
    expect(() => inclusionProofs([5], Buffer.concat(leaves.slice(0, 5)), 5)).toThrow(/outside a tree of 5/);
  });

  it('has SM3 from the platform (GB/T 32905 test vector)', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('uses SM3 throughout in the 国密 profile', () => {
    const sm3 = TreeFrontier.empty('sm3').append(leafHash('a', 'sm3')).append(leafHash('b', 'sm3')).root();
    expect(sm3).toEqual(rootOf([leafHash('a', 'sm3'), leafHash('b', 'sm3')], 'sm3'));
    expect(sm3).not.toEqual(rootOf([leafHash('a'), leafHash('b')]));
  });
});
