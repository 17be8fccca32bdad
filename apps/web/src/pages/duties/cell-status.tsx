import type { MatrixCell } from '../../api/types';

export type CellStatus = MatrixCell['status'];

/** The classes of a 督查 wall chart: green done, yellow warned, red late. */
export const STATUS_CLASS: Record<CellStatus, string> = {
  完成: 'duty-done',
  进行中: 'duty-open',
  预警: 'duty-warning',
  超期: 'duty-overdue',
  未开始: 'duty-idle',
  不适用: 'duty-na',
};

export function StatusBadge({ status }: { status: CellStatus }) {
  return <span className={`duty-status ${STATUS_CLASS[status]}`}>{status}</span>;
}

export const currentYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
