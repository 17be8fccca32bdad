import type { ReportFigure, ReportMetric, ReportRow, UnitReport } from '../../api/types';
import { href, paths } from '../../router/hash-router';

type Light = 'green' | 'yellow' | 'red' | 'none';

/** A rate against the thresholds offices are held to: 90% and 70% (or, where lower is better, 5% and 15%). */
export function lightOf(metric: ReportMetric, rate: number | null | undefined): Light {
  if (rate === null || rate === undefined) return 'none';
  if (metric.lowerIsBetter) return rate <= 0.05 ? 'green' : rate <= 0.15 ? 'yellow' : 'red';
  return rate >= 0.9 ? 'green' : rate >= 0.7 ? 'yellow' : 'red';
}

const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);

interface DrillProps {
  report: UnitReport;
  row: ReportRow;
  metric: ReportMetric;
  part: 'count' | 'numerator' | 'denominator';
  value: number | undefined;
}

/** A number that opens the list of the cases it counts. */
function Drill({ report, row, metric, part, value }: DrillProps) {
  const token = row.figures[metric.key]?.cells[part];
  if (!token || value === undefined) return <span>{value ?? '—'}</span>;
  const what = part === 'numerator' ? '（分子）' : part === 'denominator' ? '（分母）' : '';
  const label = `${row.unitName} · ${metric.label}${what} · ${report.from} 至 ${report.to}（不含）`;
  return (
    <a href={href(paths.reportCases(token, label, report.kind))} data-part={part} title={`查看这 ${value} 件`}>
      {value}
    </a>
  );
}

function FigureCell({ report, row, metric }: { report: UnitReport; row: ReportRow; metric: ReportMetric }) {
  const figure: ReportFigure | undefined = row.figures[metric.key];
  if (!figure) return <td>—</td>;
  const drill = (part: DrillProps['part'], value: number | undefined) => <Drill report={report} row={row} metric={metric} part={part} value={value} />;
  if (metric.shape === 'count') return <td className="figure">{drill('count', figure.count)}</td>;
  if (metric.shape === 'duration') {
    return (
      <td className="figure">
        {figure.mean === null || figure.mean === undefined ? '—' : `${figure.mean} 天`}
        <span className="muted">
          {figure.median !== null && figure.median !== undefined && `（中位 ${figure.median}）`} {drill('count', figure.count)} 件
        </span>
      </td>
    );
  }
  const light = lightOf(metric, figure.rate);
  return (
    <td className={`figure light-${light}`} data-light={light}>
      <strong>{percent(figure.rate)}</strong>
      <span className="muted">
        {' '}
        {drill('numerator', figure.numerator)}/{drill('denominator', figure.denominator)}
      </span>
    </td>
  );
}

/** One row per unit and the county total; every number opens the cases behind it. */
export function ReportTable({ report }: { report: UnitReport }) {
  return (
    <div className="table-scroll">
      <table className="table report-table" data-testid="report-table">
        <caption className="visually-hidden">各单位统计</caption>
        <thead>
          <tr>
            <th scope="col">单位</th>
            {report.metrics.map((m) => (
              <th key={m.key} scope="col" title={m.explain}>
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...report.units, report.county].map((row) => (
            <tr key={row.unitId ?? 'county'} data-unit={row.unitCode ?? 'county'} className={row.unitId === null ? 'report-total' : undefined}>
              <th scope="row">{row.unitName}</th>
              {report.metrics.map((m) => (
                <FigureCell key={m.key} report={report} row={row} metric={m} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
