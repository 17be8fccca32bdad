/** A cell of the county matrix (unit × item), in the words of a 督查 office. */
export const CELL_STATUSES = ['完成', '进行中', '预警', '超期', '未开始', '不适用'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

export interface CellCounts {
  /** Cases behind the cell (for continuous duties: the unit's items of that kind this year). */
  total: number;
  done: number;
  open: number;
  warning: number;
  overdue: number;
}

export interface ObligationCaseState {
  state: string;
  stateDetail: string;
  dueAt: string | null;
  warnAt: string | null;
  acceptedCount: number;
}

/**
 * Counted the way the case list filters (`overdue` = open with `due_at` before now), so that
 * every figure of the matrix is the length of the case list behind it.
 */
export function countCases(cases: readonly ObligationCaseState[], now: Date): CellCounts {
  const t = now.getTime();
  const counts: CellCounts = { total: cases.length, done: 0, open: 0, warning: 0, overdue: 0 };
  for (const c of cases) {
    if (c.state === 'closed') {
      counts.done++;
      continue;
    }
    counts.open++;
    const due = c.dueAt ? Date.parse(c.dueAt) : null;
    if (due !== null && due < t) counts.overdue++;
    else if (c.warnAt && Date.parse(c.warnAt) <= t) counts.warning++;
  }
  return counts;
}

/** 超期 over 预警 over 进行中 / 未开始; 完成 only when every period is done. */
export function statusOf(cases: readonly ObligationCaseState[], counts: CellCounts): CellStatus {
  if (!counts.total) return '不适用';
  if (counts.overdue) return '超期';
  if (counts.warning) return '预警';
  if (!counts.open) return '完成';
  const started = cases.some((c) => c.state === 'closed' || c.stateDetail !== 'assigned' || c.acceptedCount > 0);
  return started ? '进行中' : '未开始';
}

/** A `continuous` duty measured by the unit's own items: late ones make it 超期, open ones 进行中. */
export function continuousStatus(measure: 'rectification' | 'hotline', figures: { total: number; open: number; overdue: number }): CellStatus {
  if (!figures.total) return measure === 'hotline' ? '不适用' : '未开始';
  if (figures.overdue) return '超期';
  return figures.open ? '进行中' : '完成';
}

/** The worse of two statuses, for an item with several duties. */
export function worse(a: CellStatus, b: CellStatus): CellStatus {
  const order: CellStatus[] = ['超期', '预警', '进行中', '未开始', '完成', '不适用'];
  if (a === '不适用') return b;
  if (b === '不适用') return a;
  if ((a === '完成' && b === '未开始') || (a === '未开始' && b === '完成')) return '进行中';
  return order.indexOf(a) <= order.indexOf(b) ? a : b;
}
