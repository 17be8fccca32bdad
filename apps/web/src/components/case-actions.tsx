import { useRef, useState } from 'react';
import type { AuditEvent, Case, CaseDetail, Role, Workflow, WorkflowEvent } from '../api/types';
import { workflowEventLabel } from '../hooks/use-workflow';
import { fourEyesText } from '../i18n/problem-text';
import { EventForm } from './event-form';
import { diagramId } from './workflow-diagram';

interface Props {
  caseItem: CaseDetail;
  workflow: Workflow | null;
  timeline: AuditEvent[];
  user: { id: string; roles: Role[] };
  onDone(updated: Case, label: string): void;
  onReload(): void;
}

/** Event types the diagram says leave the current state (or its parent). */
function typesLeaving(workflow: Workflow, stateDetail: string): Set<string> {
  const sources = new Set([diagramId(stateDetail), diagramId(stateDetail.split('.')[0])]);
  const types = new Set<string>();
  for (const line of workflow.mermaid.split('\n')) {
    const edge = line.match(/^\s*(\S+)\s+-->\s+\S+\s*:\s*([A-Z_]+)/);
    if (edge && sources.has(edge[1])) types.add(edge[2]);
  }
  return types;
}

/**
 * Four-eyes events the user's role would allow here but the API left out because this user
 * verified the case; saying why beats a silently missing button.
 */
function blockedByFourEyes(caseItem: CaseDetail, workflow: Workflow | null, timeline: AuditEvent[], user: Props['user']): WorkflowEvent[] {
  if (!workflow) return [];
  const available = new Set(caseItem.availableEvents.map((e) => e.type));
  const leaving = typesLeaving(workflow, caseItem.stateDetail);
  const verifier = [...timeline].reverse().find((e) => e.toState === 'verified' && e.fromState !== 'verified')?.actorId;
  if (verifier !== user.id) return [];
  return workflow.events.filter(
    (e) => e.fourEyes && leaving.has(e.type) && !available.has(e.type) && e.roles.some((r) => user.roles.includes(r)),
  );
}

export function CaseActions({ caseItem, workflow, timeline, user, onDone, onReload }: Props) {
  const [active, setActive] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const label = (type: string) => workflowEventLabel(workflow, type);
  const blocked = blockedByFourEyes(caseItem, workflow, timeline, user);

  const activeEvent: WorkflowEvent | undefined = active
    ? (workflow?.events.find((e) => e.type === active) ?? {
        type: active,
        label: caseItem.availableEvents.find((e) => e.type === active)?.label ?? label(active),
        roles: [],
        unitScoped: false,
        fourEyes: false,
        system: false,
        payloadSchema: { type: 'object', properties: {} },
      })
    : undefined;

  function close() {
    const type = active;
    setActive(null);
    if (type) window.setTimeout(() => buttons.current.get(type)?.focus(), 0);
  }

  return (
    <section className="panel actions" aria-labelledby="actions-title">
      <h2 id="actions-title">办理</h2>
      {caseItem.availableEvents.length === 0 ? (
        <p className="muted">当前环节您没有可执行的操作。</p>
      ) : (
        <div className="action-buttons">
          {caseItem.availableEvents.map((e) => (
            <button
              key={e.type}
              type="button"
              className={`button${active === e.type ? ' button-primary' : ''}`}
              aria-expanded={active === e.type}
              aria-controls={active === e.type ? 'event-form' : undefined}
              ref={(el) => {
                if (el) buttons.current.set(e.type, el);
              }}
              onClick={() => setActive(active === e.type ? null : e.type)}
            >
              {e.label}
            </button>
          ))}
        </div>
      )}
      {blocked.map((e) => (
        <p key={e.type} className="alert alert-warning" role="note" data-blocked-event={e.type}>
          <strong>{e.label}：</strong>
          {fourEyesText(e.type, e.label)}
        </p>
      ))}
      {activeEvent && workflow && (
        <div id="event-form">
          <EventForm
            key={`${activeEvent.type}-${caseItem.version}`}
            caseItem={caseItem}
            event={activeEvent}
            eventLabel={label}
            onDone={(updated) => {
              setActive(null);
              onDone(updated, activeEvent.label);
            }}
            onCancel={close}
            onReload={() => {
              setActive(null);
              onReload();
            }}
          />
        </div>
      )}
      {activeEvent && !workflow && <p className="muted">正在加载办理表单…</p>}
    </section>
  );
}
