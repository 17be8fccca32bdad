import { useRef, useState } from 'react';
import type { AuditEvent, Case, CaseDetail, Workflow, WorkflowEvent } from '../api/types';
import { workflowEventLabel, workflowStateLabel } from '../hooks/use-workflow';
import { kindEventLabel } from '../i18n/labels';
import { blockingRuleText } from '../i18n/problem-text';
import { EventForm } from './event-form';

interface Props {
  caseItem: CaseDetail;
  workflow: Workflow | null;
  timeline: AuditEvent[];
  onDone(updated: Case, label: string): void;
  /** Reloads the case and its trail. */
  onReload(): void;
}

const blockedNoteId = (type: string) => `blocked-${type.toLowerCase()}`;

export function CaseActions({ caseItem, workflow, timeline, onDone, onReload }: Props) {
  const [active, setActive] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const notes = useRef(new Map<string, HTMLParagraphElement>());
  const label = (type: string) => workflowEventLabel(workflow, type, caseItem.kind);
  // The API's button labels, in the words of this kind of case (交办 a ledger item, 派单 an order).
  const said = (e: { type: string; label: string }) => kindEventLabel(caseItem.kind, e.type, e.label);
  // The API says which events this person's role could send here but another rule withholds
  // (four eyes, unit scope); a disabled button with the reason beats a silently missing one.
  const blocked = caseItem.blockedEvents ?? [];
  const nothing = caseItem.availableEvents.length === 0 && blocked.length === 0;

  const published = active ? workflow?.events.find((e) => e.type === active) : undefined;
  const activeEvent: WorkflowEvent | undefined = active
    ? published
      ? { ...published, label: label(active) }
      : {
        type: active,
        label: label(active),
        roles: [],
        unitScoped: false,
        reviewerScoped: false,
        fourEyes: false,
        system: false,
        payloadSchema: { type: 'object', properties: {} },
        payloadLabels: {},
      }
    : undefined;

  function close() {
    const type = active;
    setActive(null);
    if (type) window.setTimeout(() => buttons.current.get(type)?.focus(), 0);
  }

  return (
    <section className="panel actions" aria-labelledby="actions-title">
      <h2 id="actions-title">办理</h2>
      {nothing ? (
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
              {said(e)}
            </button>
          ))}
          {/* aria-disabled keeps the button focusable, so keyboard and screen reader users meet the reason too. */}
          {blocked.map((e) => (
            <button
              key={e.type}
              type="button"
              className="button button-blocked"
              aria-disabled="true"
              aria-describedby={blockedNoteId(e.type)}
              data-blocked-event={e.type}
              onClick={() => notes.current.get(e.type)?.scrollIntoView({ block: 'nearest' })}
            >
              {said(e)}
            </button>
          ))}
        </div>
      )}
      {blocked.map((e) => (
        <p
          key={e.type}
          id={blockedNoteId(e.type)}
          className="alert alert-warning blocked-note"
          role="note"
          data-blocked-event={e.type}
          data-rule={e.rule}
          ref={(el) => {
            if (el) notes.current.set(e.type, el);
          }}
        >
          <strong>{said(e)}：</strong>
          {blockingRuleText(e.rule, e.type, said(e))}
        </p>
      ))}
      {activeEvent && workflow && (
        <div id="event-form">
          {/* Keyed by the event only: a reload after an edit conflict keeps what the user typed. */}
          <EventForm
            key={activeEvent.type}
            caseItem={caseItem}
            timeline={timeline}
            event={activeEvent}
            eventLabel={label}
            stateLabel={(path) => workflowStateLabel(workflow, path)}
            onDone={(updated) => {
              setActive(null);
              onDone(updated, activeEvent.label);
            }}
            onCancel={close}
            onReload={() => {
              setActive(null);
              onReload();
            }}
            onConflict={onReload}
          />
        </div>
      )}
      {activeEvent && !workflow && <p className="muted">正在加载办理表单…</p>}
    </section>
  );
}
