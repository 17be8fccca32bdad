import { UnitTree } from './unit-tree';

const units = [
  { id: 'county', code: 'county', name: '某县', parentId: null },
  { id: 'zjj', code: 'zjj', name: '县住建局', parentId: 'county' },
  { id: 'zjj-cj', code: 'zjj-cj', name: '县住建局城建股', parentId: 'zjj' },
  { id: 'scj', code: 'scj', name: '县市场监管局', parentId: 'county' },
];

describe('UnitTree', () => {
  const tree = new UnitTree(units);

  it('gives a unit and everything below it as its subtree', () => {
    expect(tree.subtreeIds('zjj').sort()).toEqual(['zjj', 'zjj-cj']);
    expect(tree.subtreeIds('county').sort()).toEqual(['county', 'scj', 'zjj', 'zjj-cj']);
    expect(tree.subtreeIds('scj')).toEqual(['scj']);
  });

  it('knows descendants, so a move under one of them can be refused', () => {
    expect(tree.isWithin('zjj-cj', 'zjj')).toBe(true);
    expect(tree.isWithin('zjj-cj', 'county')).toBe(true);
    expect(tree.isWithin('scj', 'zjj')).toBe(false);
    expect(tree.isWithin('zjj', 'zjj-cj')).toBe(false);
  });

  it('renders the forest with children nested and sorted by code', () => {
    const [root] = tree.forest();
    expect(root.code).toBe('county');
    expect(root.children.map((c) => c.code)).toEqual(['scj', 'zjj']);
    expect(root.children[1].children.map((c) => c.code)).toEqual(['zjj-cj']);
  });
});
