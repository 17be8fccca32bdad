import { verifyCaseChain } from '../api/rectify-api';
import type { AuditEvent, Workflow } from '../api/types';
import { formatDateTime } from '../format/time';
import { useAction } from '../hooks/use-action';
import { useUnits } from '../hooks/units-context';
import { workflowEventLabel, workflowPayloadLabels, workflowStateLabel } from '../hooks/use-workflow';
import { roleLabel } from '../i18n/labels';
import { describePayload } from './payload-text';
import { ProblemAlert } from './problem-alert';

interface Props {
  caseId: string;
  kind: string;
  events: AuditEvent[];
  workflow: Workflow | null;
  /** Names of the people the trail refers to by id (承办人), where the page knows them. */
  personName?(userId: string): string | undefined;
}

function ChainCheck({ caseId }: { caseId: string }) {
  const { result, problem, busy, run: verify } = useAction(() => verifyCaseChain(caseId));

  return (
    <div className="chain-check">
      <button type="button" className="button" onClick={verify} disabled={busy}>
        {busy ? '正在验证…' : '验证链'}
      </button>
      <span role="status" className="chain-result">
        {result &&
          (result.valid ? (
            <span className="ok">哈希链完整：已校验 {result.checked} 条记录，未发现篡改。</span>
          ) : (
            <span className="broken">{brokenText(result)}请立即报告。</span>
          ))}
      </span>
      <ProblemAlert explained={problem} />
    </div>
  );
}

export function AuditTimeline({ caseId, kind, events, workflow, personName }: Props) {
  const { nameOf } = useUnits();
  return (
    <section className="panel timeline-panel" aria-labelledby="timeline-title">
      <div className="panel-head">
        <h2 id="timeline-title">办理记录（审计轨迹）</h2>
        <ChainCheck caseId={caseId} />
      </div>
      <ol className="timeline">
        {events.map((e) => {
          const details = describePayload(e.type, e.payload, { nameOf, kind, personName, labels: workflowPayloadLabels(workflow, e.type) });
          return (
            <li key={e.id} className={`timeline-item${e.actorId === 'system' ? ' timeline-system' : ''}`} data-event-type={e.type}>
              <div className="timeline-meta">
                <span className="timeline-seq">第 {e.seq} 条</span>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </div>
              <div className="timeline-body">
                <p className="timeline-title">
                  <strong className="timeline-event">{workflowEventLabel(workflow, e.type, kind)}</strong>
                  <span className="timeline-states">
                    {e.fromState ? `${workflowStateLabel(workflow, e.fromState)} → ` : ''}
                    {workflowStateLabel(workflow, e.toState)}
                  </span>
                </p>
                <p className="timeline-actor">
                  {e.actorId === 'system' ? '系统' : (e.actorName ?? e.actorId.slice(0, 8))}
                  <span className="muted">
                    {' '}
                    · {roleLabel(e.actorRole)}
                    {e.actorUnitId ? ` · ${nameOf(e.actorUnitId)}` : ''}
                  </span>
                </p>
                {details.length > 0 && (
                  <dl className="timeline-details">
                    {details.map(([label, text], i) => (
                      <div key={`${label}-${i}`}>
                        <dt>{label}</dt>
                        <dd>{text}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function brokenText(result: { firstBrokenSeq?: number; headMismatch?: true; truncated?: { lastSeq: number; version: number; missingCount: number } }): string {
  if (result.truncated) {
    const { lastSeq, version, missingCount } = result.truncated;
    return `审计记录被截断：案件应有 ${version} 条，仅存 ${lastSeq} 条，缺失末尾 ${missingCount} 条。`;
  }
  if (result.headMismatch) return '哈希链被整体重算：末条哈希与案件记录不符，记录可能被改写。';
  return `哈希链在第 ${result.firstBrokenSeq ?? '?'} 条断裂：该条及之后的记录可能被篡改。`;
}
