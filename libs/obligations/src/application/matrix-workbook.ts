import ExcelJS from 'exceljs';
import type { CellStatus } from '../domain/cell-status';
import type { ObligationViewsService } from './obligation-views.service';

type Matrix = Awaited<ReturnType<ObligationViewsService['matrix']>>;

/** The colours of a 督查 wall chart: green done, yellow warned, red late. */
const FILL: Record<CellStatus, string | null> = {
  完成: 'FFC6EFCE',
  进行中: 'FFDDEBF7',
  预警: 'FFFFEB9C',
  超期: 'FFFFC7CE',
  未开始: null,
  不适用: 'FFF2F2F2',
};

/** Units down, items across, each cell its status and how many periods are done; A4 landscape. */
export async function matrixWorkbook(matrix: Matrix): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('责任清单落实情况', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' },
    views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }],
  });
  sheet.columns = [{ width: 22 }, ...matrix.items.map(() => ({ width: 9 })), { width: 9 }, { width: 9 }];
  const title = sheet.addRow([`${matrix.year}年度机关党建主体责任清单落实情况（第 ${matrix.version} 版）`]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([`导出时间 ${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}；格内为状态与已完成/应完成期数`]);
  const header = sheet.addRow(['单位', ...matrix.items.map((i) => `第${i.no}项`), '超期', '完成']);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  matrix.items.forEach((item, i) => {
    header.getCell(i + 2).note = item.text.slice(0, 500);
  });
  for (const unit of matrix.units) {
    const cells = matrix.items.map((item) => matrix.cells.find((c) => c.unitId === unit.id && c.itemNo === item.no)!);
    const row = sheet.addRow([
      unit.name,
      ...cells.map((c) => (c.counts.total ? `${c.status} ${c.counts.done}/${c.counts.total}` : c.status)),
      cells.filter((c) => c.status === '超期').length,
      cells.filter((c) => c.status === '完成').length,
    ]);
    cells.forEach((c, i) => {
      const fill = FILL[c.status];
      const cell = row.getCell(i + 2);
      cell.alignment = { horizontal: 'center' };
      if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
