import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchUnits } from '../api/rectify-api';
import type { Unit } from '../api/types';

export interface UnitOption {
  id: string;
  code: string;
  name: string;
  depth: number;
}

interface Units {
  options: UnitOption[];
  nameOf(id: string | null | undefined): string;
  byCode(code: string): UnitOption | undefined;
  /** Whether `unitId` is `rootId` or one of its sub-units (a unit officer's scope). */
  within(unitId: string | null | undefined, rootId: string): boolean;
  /** Reads the tree again (after an admin changed it), so every page shows the new names. */
  reload(): void;
}

const UnitsContext = createContext<Units | null>(null);

function flatten(nodes: Unit[], depth = 0): UnitOption[] {
  return nodes.flatMap((u) => [{ id: u.id, code: u.code, name: u.name, depth }, ...flatten(u.children ?? [], depth + 1)]);
}

export function UnitsProvider({ children }: { children: ReactNode }) {
  const [tree, setTree] = useState<Unit[]>([]);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    // Without unit names the console still works; ids are shown instead.
    fetchUnits().then((units) => live && setTree(units), () => undefined);
    return () => {
      live = false;
    };
  }, [generation]);
  const value = useMemo<Units>(() => {
    const options = flatten(tree);
    const byId = new Map(options.map((u) => [u.id, u]));
    const parentOf = new Map<string, string | null>();
    const walk = (nodes: Unit[], parent: string | null): void => {
      for (const u of nodes) {
        parentOf.set(u.id, parent);
        walk(u.children ?? [], u.id);
      }
    };
    walk(tree, null);
    return {
      options,
      nameOf: (id) => (id ? (byId.get(id)?.name ?? `单位 ${id.slice(0, 8)}`) : '—'),
      byCode: (code) => options.find((u) => u.code === code),
      reload: () => setGeneration((g) => g + 1),
      within: (unitId, rootId) => {
        let at = unitId ?? null;
        for (let steps = 0; at && steps < 64; steps++) {
          if (at === rootId) return true;
          at = parentOf.get(at) ?? null;
        }
        return false;
      },
    };
  }, [tree]);
  return <UnitsContext.Provider value={value}>{children}</UnitsContext.Provider>;
}

export function useUnits(): Units {
  const units = useContext(UnitsContext);
  if (!units) throw new Error('useUnits outside UnitsProvider');
  return units;
}
