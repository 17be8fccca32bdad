import { useCallback, useEffect, useMemo, useState } from 'react';
import { fetchUnitTree } from '../../api/rectify-api';
import type { Unit } from '../../api/types';

/** A unit of the tree, flattened in tree order, with what the admin screens ask of it. */
export interface UnitRow {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  active: boolean;
  depth: number;
  /** Its own sub-units and theirs. */
  descendants: Set<string>;
  childCount: number;
}

// `active` is new in the contract: a tree without it is a tree of active units.
const isActive = (unit: Unit) => unit.active !== false;

export function flattenUnits(nodes: Unit[], depth = 0): UnitRow[] {
  return nodes.flatMap((unit) => {
    const below = flattenUnits(unit.children ?? [], depth + 1);
    const row: UnitRow = {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      parentId: unit.parentId,
      active: isActive(unit),
      depth,
      descendants: new Set(below.map((u) => u.id)),
      childCount: unit.children?.length ?? 0,
    };
    return [row, ...below];
  });
}

export interface UnitTreeState {
  tree: Unit[];
  rows: UnitRow[];
  byId: Map<string, UnitRow>;
  loaded: boolean;
  error: unknown;
  reload(): Promise<void>;
  nameOf(id: string | null | undefined): string;
}

/**
 * The unit tree as it is now, for screens that change it: the console-wide list of units is read
 * once per sign-in, and these screens must see a unit the moment it is created or moved.
 */
export function useUnitTree(): UnitTreeState {
  const [tree, setTree] = useState<Unit[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      setTree(await fetchUnitTree());
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const rows = useMemo(() => flattenUnits(tree), [tree]);
  const byId = useMemo(() => new Map(rows.map((u) => [u.id, u])), [rows]);
  return {
    tree,
    rows,
    byId,
    loaded,
    error,
    reload,
    nameOf: (id) => (id ? (byId.get(id)?.name ?? `单位 ${id.slice(0, 8)}`) : '—'),
  };
}

/** `  县住建局城建股（已停用）` for a select: indented by depth (ideographic spaces). */
export const unitOptionLabel = (u: UnitRow) => `${'\u3000'.repeat(u.depth)}${u.name}${u.active ? '' : '（已停用）'}`;
