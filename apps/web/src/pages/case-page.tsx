import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchCase, fetchTimeline, fetchUnitUsers } from '../api/rectify-api';
import type { AuditEvent, Case, CaseDetail } from '../api/types';
import { AuditTimeline } from '../components/audit-timeline';
import { CaseActions } from '../components/case-actions';
import { CaseAttachments } from '../components/case-attachments';
import { CallerErasure } from '../components/caller-erasure';
import { CallerRevealPanel } from '../components/caller-reveal';
import { CasePrintHeading, CasePrintSheet, PrintButton, usePrinting } from '../components/case-print-sheet';
import { ReturnedNotice } from '../components/returned-notice';
import { CaseFlags } from '../components/case-badges';
import { CaseFields } from '../components/case-fields';
import { DeadlineBlock } from '../components/deadline-block';
import { ProblemAlert } from '../components/problem-alert';
import { WorkflowDiagram } from '../components/workflow-diagram';
import { useAnnounce } from '../hooks/announcer';
import { useLoad } from '../hooks/use-load';
import { useWorkflow } from '../hooks/use-workflow';
import { genericStateLabel, KIND_LABELS } from '../i18n/labels';
import { explainProblem } from '../i18n/problem-text';
import { href, paths } from '../router/hash-router';
import { lastInboxPath } from '../router/inbox-memory';
import { PageHeading } from '../components/page-heading';
import { useCurrentUser } from '../auth/session-context';
import { EvidenceBundleExport } from './audit/evidence-bundle';

const MAX_TIMELINE_PAGES = 50;

async function wholeTimeline(caseId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_TIMELINE_PAGES; page++) {
    const result = await fetchTimeline(caseId, cursor);
    events.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return events;
}

/**
 * Names for the people the trail refers to by id (承办人): the case's assignee, and, when the trail
 * names others, the people of the case's unit.
 */
function usePersonNames(item: CaseDetail | null, timeline: AuditEvent[]): (userId: string) => string | undefined {
  const [people, setPeople] = useState<Map<string, string>>(new Map());
  const unknown = useMemo(() => {
    const ids = new Set(timeline.map((e) => e.payload?.assigneeId).filter((v): v is string => typeof v === 'string'));
    if (item?.assignee) ids.delete(item.assignee.id);
    return ids.size > 0;
  }, [timeline, item?.assignee]);
  const unitId = item?.unitId ?? null;
  useEffect(() => {
    if (!unknown || !unitId) return;
    const controller = new AbortController();
    fetchUnitUsers(unitId, controller.signal).then(
      (users) => setPeople(new Map(users.map((u) => [u.id, u.displayName]))),
      () => undefined,
    );
    return () => controller.abort();
  }, [unknown, unitId]);
  return useCallback((userId: string) => (item?.assignee?.id === userId ? item.assignee.displayName : people.get(userId)), [item?.assignee, people]);
}

export function CasePage({ id }: { id: string }) {
  const user = useCurrentUser();
  const announce = useAnnounce();
  const caseLoad = useLoad((signal) => fetchCase(id, signal), id);
  const timelineLoad = useLoad(() => wholeTimeline(id), id);
  const [success, setSuccess] = useState<string | null>(null);
  const successRef = useRef<HTMLDivElement>(null);
  const item = caseLoad.data;
  const workflow = useWorkflow(item?.kind, item?.machineVersion);
  const { reload: reloadCase } = caseLoad;
  const { reload: reloadTimeline } = timelineLoad;
  const personName = usePersonNames(item, timelineLoad.data ?? []);
  const back = lastInboxPath();
  const printing = usePrinting();

  const reloadAll = useCallback(() => {
    setSuccess(null);
    reloadCase();
    reloadTimeline();
  }, [reloadCase, reloadTimeline]);

  // The form that had focus is gone after an action; the outcome is the natural next stop.
  useEffect(() => {
    if (success) successRef.current?.focus();
  }, [success]);

  const onDone = useCallback(
    (updated: Case, label: string) => {
      const text = `已完成“${label}”，案件现为：${updated.stateLabel}。`;
      reloadCase();
      reloadTimeline();
      setSuccess(text);
      announce(text);
    },
    [reloadCase, reloadTimeline, announce],
  );

  const onErased = useCallback(
    (text: string) => {
      reloadCase();
      setSuccess(text);
    },
    [reloadCase],
  );

  if (caseLoad.error && !item) {
    return (
      <section>
        <PageHeading>
          案件
        </PageHeading>
        <ProblemAlert explained={explainProblem(caseLoad.error)} />
        <p>
          <a href={href(back)}>返回待办</a>
        </p>
      </section>
    );
  }
  if (!item) return <p className="muted">正在加载案件…</p>;

  const timeline = timelineLoad.data ?? [];
  const opener = timeline.find((e) => e.type === 'OPENED');
  const linked = item.linkedCases ?? [];
  const mayBundle = user.has('auditor') || user.has('inspector') || user.has('supervisor');

  return (
    <article className="case-page" aria-labelledby="case-title" data-case-version={item.version}>
      <p className="breadcrumb">
        <a href={href(back)}>← 返回待办</a>
      </p>
      <CasePrintHeading item={item} printing={printing !== null} />
      <header className="case-head">
        <p className="case-code">
          {item.code} · {KIND_LABELS[item.kind] ?? item.kind}
        </p>
        <PageHeading id="case-title">
          {item.title}
        </PageHeading>
        <div className="case-badges">
          <span className={`state state-${item.state}`} data-testid="case-state">
            {item.stateLabel}
          </span>
          <CaseFlags item={item} />
        </div>
      </header>
      <ReturnedNotice item={item} timeline={timeline} />
      <div className="case-tools">
        <PrintButton />
      </div>
      {success && (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={successRef}>
          {success}
        </div>
      )}
      {caseLoad.error ? <ProblemAlert explained={{ ...explainProblem(caseLoad.error), offerReload: true }} onReload={reloadAll} /> : null}
      <CaseActions caseItem={item} workflow={workflow} timeline={timeline} onDone={onDone} onReload={reloadAll} />
      <div className="case-grid">
        <CaseFields item={item} openedByName={opener?.actorName ?? undefined}>
          <CallerRevealPanel key={item.id} item={item} />
        </CaseFields>
        <div className="case-side">
          <DeadlineBlock item={item} />
          <CaseAttachments item={item} />
          {(item.parentCaseId || linked.length > 0) && (
            <section className="panel case-links" aria-labelledby="links-title">
              <h2 id="links-title">关联案件</h2>
              <ul className="links">
                {item.parentCaseId && !linked.some((l) => l.id === item.parentCaseId) && (
                  <li>
                    原案件：<a href={href(paths.case(item.parentCaseId))}>查看原案件</a>
                  </li>
                )}
                {linked.map((l) => (
                  <li key={l.id}>
                    {l.id === item.parentCaseId ? '原案件：' : ''}
                    <a href={href(paths.case(l.id))}>
                      {l.code} {l.title}
                    </a>{' '}
                    <span className="muted">
                      {KIND_LABELS[l.kind] ?? l.kind} · {genericStateLabel(l.stateDetail, l.kind)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {user.has('admin') && (
            <div className="caller-erasure">
              <CallerErasure item={item} onDone={onErased} />
            </div>
          )}
          {mayBundle && (
            <section className="panel case-bundle" aria-labelledby="bundle-title">
              <h2 id="bundle-title">证据包</h2>
              <p className="muted">本案完整审计链、签名检查点与包含证明、附件哈希和离线验证程序，打包为一个 ZIP 文件。</p>
              <EvidenceBundleExport scope={{ caseId: item.id }} />
            </section>
          )}
          {workflow && (
            <section className="panel case-diagram" aria-labelledby="diagram-title">
              <h2 id="diagram-title">流程图</h2>
              <WorkflowDiagram workflow={workflow} stateDetail={item.stateDetail} />
            </section>
          )}
        </div>
        <div className="case-trail">
          {timelineLoad.error ? <ProblemAlert explained={explainProblem(timelineLoad.error)} /> : null}
          <AuditTimeline caseId={item.id} kind={item.kind} events={timeline} workflow={workflow} personName={personName} />
        </div>
      </div>
      <CasePrintSheet item={item} events={timeline} workflow={workflow} personName={personName} printedAt={printing} />
    </article>
  );
}
