import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { AuditEvent, CaseDetail, Workflow } from '../api/types';
import { formatDateTime } from '../format/time';
import { useUnits } from '../hooks/units-context';
import { workflowEventLabel, workflowPayloadLabels, workflowStateLabel } from '../hooks/use-workflow';
import { KIND_LABELS, roleLabel } from '../i18n/labels';
import { describePayload } from './payload-text';
import '../print.css';

interface Props {
  item: CaseDetail;
  events: AuditEvent[];
  workflow: Workflow | null;
  personName(userId: string): string | undefined;
}

/**
 * Whether the page is being printed (or laid out for print), and since when. The paper-only parts
 * exist only then, so the screen (and its accessibility tree) never holds a second copy of the trail.
 */
export function usePrinting(): string | null {
  const [since, setSince] = useState<string | null>(() => (window.matchMedia?.('print').matches ? new Date().toISOString() : null));
  useEffect(() => {
    const media = window.matchMedia?.('print');
    // The browser lays the page out right after beforeprint: render before returning.
    const start = () => flushSync(() => setSince(new Date().toISOString()));
    const end = () => setSince(null);
    const change = (e: MediaQueryListEvent) => (e.matches ? start() : end());
    window.addEventListener('beforeprint', start);
    window.addEventListener('afterprint', end);
    media?.addEventListener('change', change);
    return () => {
      window.removeEventListener('beforeprint', start);
      window.removeEventListener('afterprint', end);
      media?.removeEventListener('change', change);
    };
  }, []);
  return since;
}

/** 打印办理单: starts the browser's print dialog (the print stylesheet lays the page out as an A4 form). */
export function PrintButton() {
  return (
    <button type="button" className="button print-button" onClick={() => window.print()}>
      打印办理单
    </button>
  );
}

/**
 * The parts of the 案件办理单 that only paper has: the heading, the trail as a table, the
 * signatures, and the last event's hash with the time printed, so a copy can be checked
 * against the chain. Hidden on screen.
 */
export function CasePrintHeading({ item, printing }: { item: CaseDetail; printing: boolean }) {
  if (!printing) return null;
  return (
    <div className="print-only print-heading" data-testid="print-heading">
      <p className="print-org">整改与问责工作台 · {KIND_LABELS[item.kind] ?? item.kind}</p>
      <p className="print-title">案件办理单</p>
      <p className="print-code">
        编号：{item.code} · 当前状态：{item.stateLabel}
      </p>
    </div>
  );
}

export function CasePrintSheet({ item, events, workflow, personName, printedAt }: Props & { printedAt: string | null }) {
  const { nameOf } = useUnits();
  if (!printedAt) return null;
  const last = events.length ? events[events.length - 1] : null;
  return (
    <>
      <section className="print-only print-trail" aria-label="办理记录（打印）" data-testid="print-trail">
        <h2>办理记录</h2>
        <table className="print-table">
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">时间</th>
              <th scope="col">环节</th>
              <th scope="col">状态变化</th>
              <th scope="col">办理人</th>
              <th scope="col">内容</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.at)}</td>
                <td>{workflowEventLabel(workflow, e.type, item.kind)}</td>
                <td>
                  {e.fromState ? `${workflowStateLabel(workflow, e.fromState)} → ` : ''}
                  {workflowStateLabel(workflow, e.toState)}
                </td>
                <td>
                  {e.actorId === 'system' ? '系统' : e.actorName}
                  <br />
                  <span className="muted">
                    {roleLabel(e.actorRole)}
                    {e.actorUnitId ? ` · ${nameOf(e.actorUnitId)}` : ''}
                  </span>
                </td>
                <td>
                  {describePayload(e.type, e.payload, { nameOf, kind: item.kind, personName, labels: workflowPayloadLabels(workflow, e.type) })
                    .map(([label, text]) => `${label}：${text}`)
                    .join('；')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="print-only print-signatures" aria-label="签字栏">
        <div>
          <span>经办人（签字）：</span>
          <span className="print-line" />
        </div>
        <div>
          <span>审核人（签字）：</span>
          <span className="print-line" />
        </div>
        <div>
          <span>日期：</span>
          <span className="print-line print-line-short" />
        </div>
      </section>
      <footer className="print-only print-footer" data-testid="print-footer">
        <p>
          共 {events.length} 条办理记录{last ? `；末条（第 ${last.seq} 条）哈希：` : ''}
          {last && <code className="print-hash">{last.hash}</code>}
        </p>
        <p>打印时间：{formatDateTime(printedAt)}（北京时间）。可在系统中核对末条哈希，以确认本单据打印后办理记录未被改动。</p>
      </footer>
    </>
  );
}
