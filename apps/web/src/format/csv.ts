import { csvLine } from '../../../../libs/workflow/src/trail-text';

/** CSV text with a UTF-8 byte order mark, so Excel opens Chinese text correctly (cells escaped as the server's export does). */
export function toCsv(header: string[], rows: string[][]): string {
  return '\uFEFF' + [header, ...rows].map(csvLine).join('');
}

export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
