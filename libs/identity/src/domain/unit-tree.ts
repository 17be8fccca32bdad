export interface UnitNode {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  /** False once deactivated; absent means active. */
  active?: boolean;
}

export type UnitTreeNode = UnitNode & { children: UnitTreeNode[] };

/** The unit hierarchy (county → department → sub-unit) as a value: pure lookups, no I/O. */
export class UnitTree {
  private readonly byId = new Map<string, UnitNode>();
  private readonly childrenOf = new Map<string | null, UnitNode[]>();

  constructor(units: readonly UnitNode[]) {
    const sorted = [...units].sort((a, b) => a.code.localeCompare(b.code));
    for (const unit of sorted) {
      this.byId.set(unit.id, unit);
      const siblings = this.childrenOf.get(unit.parentId) ?? [];
      siblings.push(unit);
      this.childrenOf.set(unit.parentId, siblings);
    }
  }

  get(id: string): UnitNode | undefined {
    return this.byId.get(id);
  }

  /** Every unit, ordered by code. */
  all(): UnitNode[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** A unit that may be given new work. */
  isActive(id: string): boolean {
    return this.byId.has(id) && this.byId.get(id)!.active !== false;
  }

  /** The unit and all units below it. */
  subtreeIds(id: string): string[] {
    const out: string[] = [];
    const stack = [id];
    while (stack.length) {
      const current = stack.pop()!;
      if (!this.byId.has(current) || out.includes(current)) continue;
      out.push(current);
      for (const child of this.childrenOf.get(current) ?? []) stack.push(child.id);
    }
    return out;
  }

  /** True when `candidate` is `id` itself or lies below it. */
  isWithin(candidate: string, id: string): boolean {
    for (let at: string | null | undefined = candidate; at; at = this.byId.get(at)?.parentId) {
      if (at === id) return true;
    }
    return false;
  }

  forest(): UnitTreeNode[] {
    const build = (unit: UnitNode): UnitTreeNode => ({
      ...unit,
      children: (this.childrenOf.get(unit.id) ?? []).map(build),
    });
    const roots = [...this.byId.values()].filter((u) => u.parentId === null || !this.byId.has(u.parentId));
    return roots.sort((a, b) => a.code.localeCompare(b.code)).map(build);
  }
}
