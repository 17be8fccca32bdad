import { useEffect, useMemo, useState } from 'react';
import { downloadReportWorkbook, fetchReport, type ReportKindParam } from '../../api/rectify-api';
import { saveFile } from '../../api/save-file';
import type { ReportMetric, ReportRow, UnitReport } from '../../api/types';
import { EChart, type ChartOption } from '../../components/echart';
import { PageHeading } from '../../components/page-heading';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format/time';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { lastDayOf, monthsOfYear, nextDay, presetPeriods } from './periods';
import { RankingPanel } from './ranking-panel';
import { ReportTable } from './report-table';

const KINDS: { id: ReportKindParam; label: string }[] = [
  { id: 'rectification', label: '整改事项' },
  { id: 'hotline', label: '12345工单' },
  { id: 'escalations', label: '升级与问责' },
];

/** What a chart plots of a figure: a rate in percent, a duration's mean, or a count. */
function valueOf(row: ReportRow, metric: ReportMetric): number | null {
  const figure = row.figures[metric.key];
  if (!figure) return null;
  if (metric.shape === 'rate') return figure.rate === null || figure.rate === undefined ? null : Math.round(figure.rate * 1000) / 10;
  if (metric.shape === 'duration') return figure.mean ?? null;
  return figure.count ?? 0;
}

const unitOf = (metric: ReportMetric) => (metric.shape === 'rate' ? '%' : metric.shape === 'duration' ? '天' : '件');

/** 统计: the assessment figures of a period per unit, charts, the cases behind every number, and the workbook. */
export function StatsPage() {
  const presets = useMemo(() => presetPeriods(), []);
  const [kind, setKind] = useState<ReportKindParam>('rectification');
  const [preset, setPreset] = useState<string>('month');
  const [custom, setCustom] = useState({ from: presets[0].from, last: lastDayOf(presets[0]) });
  const [rollup, setRollup] = useState(false);
  const [report, setReport] = useState<UnitReport | null>(null);
  const [problem, setProblem] = useState<Explained | null>(null);
  const [loading, setLoading] = useState(true);
  const [chartMetric, setChartMetric] = useState<string | null>(null);
  const [trend, setTrend] = useState<{ label: string; report: UnitReport }[]>([]);

  const period = preset === 'custom' ? { from: custom.from, to: nextDay(custom.last) } : presets.find((p) => p.id === preset)!;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setProblem(null);
    fetchReport({ kind, from: period.from, to: period.to, rollup }, controller.signal).then(
      (r) => {
        setReport(r);
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setReport(null);
        setLoading(false);
        setProblem(explainProblem(error));
      },
    );
    return () => controller.abort();
  }, [kind, period.from, period.to, rollup]);

  useEffect(() => {
    const controller = new AbortController();
    const months = monthsOfYear();
    Promise.all(months.map((m) => fetchReport({ kind, from: m.from, to: m.to, rollup }, controller.signal).then((r) => ({ label: m.label, report: r })))).then(
      setTrend,
      () => setTrend([]),
    );
    return () => controller.abort();
  }, [kind, rollup]);

  const metrics = report?.metrics ?? [];
  const metric = metrics.find((m) => m.key === chartMetric) ?? metrics.find((m) => m.shape === 'rate') ?? metrics[0];

  const comparison: ChartOption | null =
    report && metric
      ? {
          tooltip: { trigger: 'axis' },
          grid: { left: 48, right: 16, top: 32, bottom: 72 },
          title: { text: `各单位${metric.label}（${unitOf(metric)}）`, textStyle: { fontSize: 14 } },
          xAxis: { type: 'category', data: report.units.map((u) => u.unitName), axisLabel: { interval: 0, rotate: 30 } },
          yAxis: { type: 'value' },
          series: [{ type: 'bar', name: metric.label, data: report.units.map((u) => valueOf(u, metric)), itemStyle: { color: '#8f1d1d' } }],
        }
      : null;
  const trendOption: ChartOption | null =
    metric && trend.length
      ? {
          animation: false,
          tooltip: { trigger: 'axis' },
          grid: { left: 48, right: 16, top: 32, bottom: 32 },
          title: { text: `全县${metric.label}逐月趋势（${unitOf(metric)}）`, textStyle: { fontSize: 14 } },
          xAxis: { type: 'category', data: trend.map((t) => t.label) },
          yAxis: { type: 'value' },
          series: [
            {
              type: 'line',
              name: metric.label,
              data: trend.map((t) => valueOf(t.report.county, metric)),
              connectNulls: true,
              showSymbol: true,
              symbolSize: 8,
              itemStyle: { color: '#1d4e8f' },
            },
          ],
        }
      : null;

  async function download() {
    try {
      const { blob, name } = await downloadReportWorkbook({ from: period.from, to: period.to, rollup });
      saveFile(blob, name);
    } catch (error) {
      setProblem(explainProblem(error));
    }
  }

  return (
    <section aria-labelledby="stats-title">
      <div className="page-head">
        <PageHeading id="stats-title">统计</PageHeading>
        <div className="page-actions">
          <button type="button" className="button" onClick={() => void download()}>
            导出 Excel
          </button>
        </div>
      </div>
      <div className="filters stats-filters">
        <div className="segmented" role="group" aria-label="统计类别">
          {KINDS.map((k) => (
            <button key={k.id} type="button" className="button" aria-pressed={kind === k.id} onClick={() => setKind(k.id)}>
              {k.label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="统计期间">
          {[...presets, { id: 'custom', label: '自定义' }].map((p) => (
            <button key={p.id} type="button" className="button" aria-pressed={preset === p.id} onClick={() => setPreset(p.id)}>
              {p.label}
            </button>
          ))}
        </div>
        {preset === 'custom' && (
          <>
            <div className="field field-inline">
              <label htmlFor="stats-from">起</label>
              <input id="stats-from" type="date" value={custom.from} onChange={(e) => e.target.value && setCustom({ ...custom, from: e.target.value })} />
            </div>
            <div className="field field-inline">
              <label htmlFor="stats-to">止</label>
              <input id="stats-to" type="date" value={custom.last} onChange={(e) => e.target.value && setCustom({ ...custom, last: e.target.value })} />
            </div>
          </>
        )}
        <div className="field field-checkbox">
          <input id="stats-rollup" type="checkbox" checked={rollup} onChange={(e) => setRollup(e.target.checked)} />
          <label htmlFor="stats-rollup">下级单位并入所属部门</label>
        </div>
      </div>
      <ProblemAlert explained={problem} />
      {report && (
        <>
          <p className="muted" data-testid="report-period">
            统计期间 {report.from} 至 {lastDayOf(report)}（北京时间），生成于 {formatDateTime(report.generatedAt)}。点击任一数字可查看对应案件。
            {!report.calendarComplete && ' 注意：部分年份缺少工作日历，用时按自然日估算。'}
          </p>
          <ReportTable report={report} />
          <div className="field field-inline stats-chart-pick">
            <label htmlFor="stats-metric">图表指标</label>
            <select id="stats-metric" value={metric?.key ?? ''} onChange={(e) => setChartMetric(e.target.value)}>
              {metrics.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          {kind !== 'escalations' && <RankingPanel kind={kind} from={period.from} to={period.to} rollup={rollup} metrics={metrics} />}
          <div className="stats-charts">
            {comparison && <EChart option={comparison} label={`各单位${metric.label}对比图`} />}
            {trendOption && <EChart option={trendOption} label={`全县${metric.label}逐月趋势图`} />}
          </div>
        </>
      )}
      <span className="muted" aria-live="polite">
        {loading ? '正在统计…' : ''}
      </span>
    </section>
  );
}
