import ExcelJS from 'exceljs';
import type { MetricDefinition } from '../domain/metrics';
import type { ReportRow, UnitReport } from './unit-report.service';

const SHEET_NAMES: Record<UnitReport['kind'], string> = { rectification: '整改事项', hotline: '12345工单', escalations: '升级与问责' };
const SHANGHAI_MS = 8 * 3600_000;

const shanghaiMinute = (iso: string) => new Date(new Date(iso).getTime() + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ');
const lastDay = (to: string) => new Date(new Date(`${to}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);

interface Column {
  header: string;
  width: number;
  numFmt?: string;
  value(row: ReportRow): number | string | null;
}

/** Every count beside its rate: a rate is never printed without what it is made of. */
function columnsOf(metric: MetricDefinition): Column[] {
  const figure = (row: ReportRow) => row.figures[metric.key];
  switch (metric.shape) {
    case 'count':
      return [{ header: metric.label, width: 10, value: (r) => figure(r)?.count ?? 0 }];
    case 'duration':
      return [
        { header: `${metric.label}（工作日，均值）`, width: 14, numFmt: '0.0', value: (r) => figure(r)?.mean ?? null },
        { header: '中位数', width: 8, numFmt: '0.0', value: (r) => figure(r)?.median ?? null },
        { header: '事项数', width: 8, value: (r) => figure(r)?.count ?? 0 },
      ];
    case 'rate':
      return [
        { header: metric.label, width: 11, numFmt: '0.0%', value: (r) => figure(r)?.rate ?? null },
        { header: '分子', width: 7, value: (r) => figure(r)?.numerator ?? 0 },
        { header: '分母', width: 7, value: (r) => figure(r)?.denominator ?? 0 },
      ];
  }
}

/** The report as offices print it: one A4 landscape sheet per kind, titled with its period and when it was made. */
export async function reportWorkbook(reports: readonly UnitReport[], countyName: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const report of reports) {
    const columns: Column[] = [{ header: '单位', width: 22, value: (r) => r.unitName }, ...report.metrics.flatMap(columnsOf)];
    const sheet = book.addWorksheet(SHEET_NAMES[report.kind], {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' },
      views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }],
    });
    sheet.columns = columns.map((c) => ({ width: c.width }));
    const title = sheet.addRow([`${countyName}${SHEET_NAMES[report.kind]}统计（${report.from} 至 ${lastDay(report.to)}）`]);
    title.font = { bold: true, size: 14 };
    sheet.mergeCells(1, 1, 1, columns.length);
    sheet.addRow([`生成时间：${shanghaiMinute(report.generatedAt)}（北京时间）${report.rollup ? '；下级单位并入所属部门' : ''}${report.calendarComplete ? '' : '；部分年份缺少工作日历'}`]);
    sheet.mergeCells(2, 1, 2, columns.length);
    const header = sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9ECEF' } };
    for (const row of [...report.units, report.county]) {
      const added = sheet.addRow(columns.map((c) => c.value(row)));
      columns.forEach((c, i) => {
        if (c.numFmt) added.getCell(i + 1).numFmt = c.numFmt;
      });
      if (row.unitId === null) added.font = { bold: true };
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
