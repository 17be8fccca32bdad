import type { ResponsibilityMatrix } from '../../api/types';
import { href, paths } from '../../router/hash-router';
import { StatusBadge } from './cell-status';

/** Units down, items across: each cell its status and how many periods are done, linking to that unit's checklist. */
export function MatrixTable({ matrix }: { matrix: ResponsibilityMatrix }) {
  const cellOf = (unitId: string, no: number) => matrix.cells.find((c) => c.unitId === unitId && c.itemNo === no)!;
  return (
    <div className="table-scroll">
      <table className="table duty-matrix">
        <caption className="visually-hidden">
          {matrix.year} 年度责任清单落实矩阵：行是单位，列是清单条目
        </caption>
        <thead>
          <tr>
            <th scope="col">单位</th>
            {matrix.items.map((item) => (
              <th key={item.no} scope="col" title={item.text}>
                第{item.no}项
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.units.map((unit) => (
            <tr key={unit.id}>
              <th scope="row">
                <a href={href(paths.duties({ year: matrix.year, unit: unit.id }))}>{unit.name}</a>
              </th>
              {matrix.items.map((item) => {
                const cell = cellOf(unit.id, item.no);
                const figures = cell.counts.total
                  ? `${cell.counts.done}/${cell.counts.total}`
                  : cell.measures.length
                    ? cell.measures.map((m) => `${m.closed}/${m.total}`).join(' ')
                    : '';
                return (
                  <td key={item.no} className="duty-cell">
                    {cell.status === '不适用' ? (
                      <StatusBadge status={cell.status} />
                    ) : (
                      <a
                        href={href(paths.duties({ year: matrix.year, unit: unit.id, item: item.no }))}
                        aria-label={`${unit.name} 第${item.no}项：${cell.status}${figures ? `，已完成 ${figures}` : ''}`}
                      >
                        <StatusBadge status={cell.status} />
                        {figures && <span className="duty-figures">{figures}</span>}
                      </a>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
