import type { Ref } from 'react';
import type { AuditEvent, CaseDetail } from '../api/types';
import { formatDateTime } from '../format/time';
import { useUnits } from '../hooks/units-context';
import { roleLabel } from '../i18n/labels';
import { describePayload } from './payload-text';

interface Props {
  /** The version the user's form was filled in against. */
  seenVersion: number;
  caseItem: CaseDetail;
  timeline: AuditEvent[];
  eventType: string;
  eventLabel(type: string): string;
  stateLabel(path: string): string;
  ref?: Ref<HTMLDivElement>;
}

/** Whether the page holds the case and its trail as they were after the conflict (both reloaded). */
export function conflictResolved(seenVersion: number, caseItem: CaseDetail, timeline: AuditEvent[]): boolean {
  return caseItem.version !== seenVersion && timeline.some((e) => e.seq >= caseItem.version);
}

/**
 * 409 VERSION_CONFLICT on an event form: the typed values stay, and the user sees what others
 * did since the version they had (the trail after it), so they can decide to send again.
 */
export function EditConflict({ seenVersion, caseItem, timeline, eventType, eventLabel, stateLabel, ref }: Props) {
  const { nameOf } = useUnits();
  const ready = conflictResolved(seenVersion, caseItem, timeline);
  const changes = timeline.filter((e) => e.seq > seenVersion);
  const available = caseItem.availableEvents.some((e) => e.type === eventType);
  const label = eventLabel(eventType);

  return (
    <div className="alert alert-warning conflict" role="alert" tabIndex={-1} ref={ref} data-testid="edit-conflict" data-code="VERSION_CONFLICT">
      <p>
        <strong>该案件刚刚已被其他人修改</strong>
        {ready ? `：您填写时为第 ${seenVersion} 版，现为第 ${caseItem.version} 版。` : '。'}
        您填写的内容已保留，未被提交。
      </p>
      {!ready ? (
        <p>正在加载最新版本…</p>
      ) : (
        <>
          <p>第 {seenVersion} 版之后的变更：</p>
          <ol className="conflict-changes" aria-label={`第 ${seenVersion} 版之后的变更`}>
            {changes.map((e) => {
              const details = describePayload(e.type, e.payload, { nameOf, kind: caseItem.kind, personName: (id) => (id === caseItem.assignee?.id ? caseItem.assignee.displayName : undefined) });
              return (
                <li key={e.id} data-event-type={e.type} data-seq={e.seq}>
                  <strong className="conflict-event">{eventLabel(e.type)}</strong>
                  {e.fromState !== e.toState && <span className="muted">（{e.fromState ? `${stateLabel(e.fromState)} → ` : ''}{stateLabel(e.toState)}）</span>}
                  <span className="conflict-by">
                    {' '}
                    · {e.actorId === 'system' ? '系统' : e.actorName} · {roleLabel(e.actorRole)} · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  </span>
                  {details.length > 0 && (
                    <dl className="timeline-details">
                      {details.map(([name, text]) => (
                        <div key={name}>
                          <dt>{name}</dt>
                          <dd>{text}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </li>
              );
            })}
          </ol>
          {available ? (
            <p>请核对以上变更，可先修改下方内容，再按最新版本重新提交。</p>
          ) : (
            <p>
              案件现为“{caseItem.stateLabel}”，已不能再执行“{label}”。您填写的内容仍在下方，可复制留存；放弃填写将关闭此表单。
            </p>
          )}
        </>
      )}
    </div>
  );
}
