import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { newIdempotencyKey } from '../api/idempotency-key';
import { sendCaseEvent } from '../api/rectify-api';
import { ApiError } from '../api/http-client';
import type { Attachment, AuditEvent, Case, CaseDetail, JsonSchema, WorkflowEvent } from '../api/types';
import { formatDateTime, formatDeadline, todayInShanghai } from '../format/time';
import { useCurrentUser } from '../auth/session-context';
import { AssigneeSelect } from './assignee-select';
import { focusFirstInvalid } from './form-field';
import { ACCOUNTABILITY_FORMS, eventFieldLabel, valueLabel } from '../i18n/labels';
import { explainProblem, type Explained } from '../i18n/problem-text';
import { AttachmentList } from './attachment-list';
import { AttachmentUpload } from './attachment-upload';
import { conflictResolved, EditConflict } from './edit-conflict';
import { FormField, fieldAria } from './form-field';
import { ProblemAlert } from './problem-alert';
import { UnitSelect } from './unit-select';

const HIDDEN_FIELDS = new Set(['timerId']);
const UNIT_FIELDS = new Set(['unitId', 'targetUnitId']);

interface Props {
  /** The case as the page holds it now: after an edit conflict, the reloaded one. */
  caseItem: CaseDetail;
  /** The case's trail as the page holds it (to show what changed in a conflict). */
  timeline: AuditEvent[];
  event: WorkflowEvent;
  eventLabel(type: string): string;
  stateLabel(path: string): string;
  onDone(updated: Case): void;
  onCancel(): void;
  onReload(): void;
  /** Someone else changed the case: reload it (and its trail) while this form keeps its values. */
  onConflict(): void;
}

type Values = Record<string, string>;

function initialValues(caseItem: CaseDetail, event: WorkflowEvent): Values {
  const fields = caseItem.fields;
  const values: Values = {};
  const props = event.payloadSchema.properties ?? {};
  if ('unitId' in props && caseItem.unitId) values.unitId = caseItem.unitId;
  if ('targetUnitId' in props) values.targetUnitId = String(fields.targetUnitId ?? caseItem.unitId ?? '');
  if ('targetPerson' in props && typeof fields.targetPerson === 'string') values.targetPerson = fields.targetPerson;
  if ('targetType' in props) values.targetType = typeof fields.targetPerson === 'string' ? 'person' : 'unit';
  return values;
}

/** Whether a field applies given the other answers (a decision names either a unit or a person). */
function applies(field: string, values: Values, props: Record<string, JsonSchema>): boolean {
  if (!('targetType' in props)) return true;
  if (field === 'targetUnitId') return values.targetType === 'unit';
  if (field === 'targetPerson') return values.targetType === 'person';
  return true;
}

function payloadOf(values: Values, props: Record<string, JsonSchema>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(props)) {
    if (HIDDEN_FIELDS.has(field) || field === 'attachments' || !applies(field, values, props)) continue;
    const raw = (values[field] ?? '').trim();
    if (!raw) continue;
    if (schema.type === 'array') {
      const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean);
      if (lines.length) payload[field] = lines;
    } else if (schema.type === 'integer' || schema.type === 'number') {
      payload[field] = Number(raw);
    } else {
      payload[field] = raw;
    }
  }
  return payload;
}

function enumOptions(field: string, schema: JsonSchema, values: Values, props: Record<string, JsonSchema>): string[] | null {
  if (field === 'form' && 'targetType' in props) return ACCOUNTABILITY_FORMS[values.targetType] ?? [];
  return schema.enum ? schema.enum.map(String) : null;
}

function hintFor(field: string, schema: JsonSchema, values: Values): string | undefined {
  if (schema.type === 'array') return '每行填写一项';
  if (field === 'assigneeId') return '可不填；列出所选单位及其下属单位的在岗人员';
  if (field === 'dueAt') return '期限截至所选日期 24:00（北京时间）';
  if (field === 'form' && 'targetType' in values && !values.targetType) return '请先选择问责对象类型';
  return undefined;
}

export function EventForm({ caseItem, timeline, event, eventLabel, stateLabel, onDone, onCancel, onReload, onConflict }: Props) {
  const user = useCurrentUser();
  const props = event.payloadSchema.properties ?? {};
  const required = new Set(event.payloadSchema.required ?? []);
  const fields = Object.keys(props).filter((f) => !HIDDEN_FIELDS.has(f));
  const [values, setValues] = useState<Values>(() => initialValues(caseItem, event));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<Explained | null>(null);
  const [busy, setBusy] = useState(false);
  const [attached, setAttached] = useState<Attachment[]>([]);
  const lastAttempt = useRef<{ body: string; key: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The version the values were typed against: it changes only when the user re-sends after a conflict.
  const [basedOn, setBasedOn] = useState(caseItem.version);
  const [conflict, setConflict] = useState<{ seen: number } | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const resolved = conflict !== null && conflictResolved(conflict.seen, caseItem, timeline);
  const stillAvailable = caseItem.availableEvents.some((e) => e.type === event.type);
  const idPrefix = `event-${event.type.toLowerCase()}`;

  useEffect(() => {
    const first = formRef.current?.querySelector<HTMLElement>('input, select, textarea, button[type="submit"]');
    first?.focus();
  }, []);

  // After a refused submit the first field in error is where the user continues.
  useEffect(() => {
    if (Object.keys(fieldErrors).length) focusFirstInvalid(formRef.current);
  }, [fieldErrors]);

  // Once the latest version is on screen, the user reads what changed before anything else.
  useEffect(() => {
    if (resolved) conflictRef.current?.focus();
  }, [resolved]);

  // The forms of accountability differ for units and persons; a changed target clears the form chosen.
  // Another unit has other people: a changed unit clears the 承办人 chosen.
  const set = (field: string, value: string) =>
    setValues((v) => ({
      ...v,
      [field]: value,
      ...(field === 'targetType' && v.targetType !== value ? { form: '' } : {}),
      ...(field === 'unitId' && v.unitId !== value ? { assigneeId: '' } : {}),
    }));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!conflict) void send(basedOn);
    else if (resolved && stillAvailable) resend();
  }

  /** 按最新版本重新提交: the same (or edited) values, now against the version on screen. */
  function resend() {
    setBasedOn(caseItem.version);
    setConflict(null);
    void send(caseItem.version);
  }

  async function send(version: number) {
    const missing: Record<string, string[]> = {};
    for (const field of fields) {
      if (required.has(field) && applies(field, values, props) && !(values[field] ?? '').trim()) missing[field] = ['此项为必填项'];
    }
    setFieldErrors(missing);
    if (Object.keys(missing).length) {
      setProblem({ code: 'VALIDATION_FAILED', message: '请填写标记为必填的项目。', offerReload: false, fieldErrors: missing });
      return;
    }
    const body = { type: event.type, ...payloadOf(values, props), ...(attached.length ? { attachments: attached.map((a) => a.id) } : {}) };
    const serialized = JSON.stringify(body);
    // The same key on a retry of the same request; a changed request is a new action.
    if (lastAttempt.current?.body !== serialized) lastAttempt.current = { body: serialized, key: newIdempotencyKey() };
    setBusy(true);
    setProblem(null);
    try {
      onDone(await sendCaseEvent(caseItem.id, version, lastAttempt.current.key, body));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        // Sent again, it is another request (another If-Match): it gets a key of its own.
        lastAttempt.current = null;
        setFieldErrors({});
        setConflict({ seen: version });
        setBusy(false);
        onConflict();
        return;
      }
      const explained = explainProblem(error, { action: event.label, actionType: event.type, eventLabel });
      setFieldErrors(explained.fieldErrors);
      setProblem(explained);
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  }

  function control(field: string, schema: JsonSchema) {
    const id = `${idPrefix}-${field}`;
    const errors = fieldErrors[field];
    const value = values[field] ?? '';
    const aria = fieldAria(id, errors, hintFor(field, schema, values));
    const isRequired = required.has(field);
    if (field === 'assigneeId') {
      const unitId = values.unitId || (('unitId' in props) ? '' : (caseItem.unitId ?? user.unitId));
      return <AssigneeSelect {...aria} unitId={unitId || null} value={value} onChange={(v) => set(field, v)} />;
    }
    if (UNIT_FIELDS.has(field)) {
      return <UnitSelect {...aria} value={value} onChange={(v) => set(field, v)} aria-required={isRequired} />;
    }
    const options = enumOptions(field, schema, values, props);
    if (options) {
      return (
        <select {...aria} value={value} onChange={(e) => set(field, e.target.value)} aria-required={isRequired}>
          <option value="">请选择</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {valueLabel(field, o)}
            </option>
          ))}
        </select>
      );
    }
    if (field === 'dueAt') {
      return <input {...aria} type="date" min={todayInShanghai()} value={value} onChange={(e) => set(field, e.target.value)} aria-required={isRequired} />;
    }
    if (schema.type === 'integer' || schema.type === 'number') {
      return (
        <input {...aria} type="number" min={schema.minimum} max={schema.maximum} value={value} onChange={(e) => set(field, e.target.value)} />
      );
    }
    const long = schema.type === 'array' || (schema.maxLength ?? Infinity) > 200;
    if (long) {
      return <textarea {...aria} rows={3} value={value} onChange={(e) => set(field, e.target.value)} aria-required={isRequired} />;
    }
    return (
      <input {...aria} type="text" maxLength={schema.maxLength} value={value} onChange={(e) => set(field, e.target.value)} aria-required={isRequired} />
    );
  }

  return (
    <form
      ref={formRef}
      className="event-form"
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-labelledby={`${idPrefix}-title`}
      data-event={event.type}
    >
      <h3 id={`${idPrefix}-title`}>{event.label}</h3>
      {conflict && (
        <EditConflict
          ref={conflictRef}
          seenVersion={conflict.seen}
          caseItem={caseItem}
          timeline={timeline}
          eventType={event.type}
          eventLabel={eventLabel}
          stateLabel={stateLabel}
        />
      )}
      {(event.type === 'APPROVE_EXTENSION' || event.type === 'REJECT_EXTENSION') && caseItem.extension && (
        <p className="alert alert-info extension-request" role="note" data-testid="extension-request">
          <strong>申请延期至 {formatDeadline(caseItem.extension.dueAt)}</strong>
          {caseItem.dueAt ? `（当前期限 ${formatDeadline(caseItem.dueAt)}）` : ''}；理由：{caseItem.extension.reason}
          <span className="muted">（{formatDateTime(caseItem.extension.requestedAt)} 提出）</span>
        </p>
      )}
      {fields.length === 0 && <p className="muted">此操作无需填写内容，确认后提交。</p>}
      {fields
        .filter((field) => applies(field, values, props))
        .map((field) => {
          const schema = props[field];
          if (field === 'attachments') {
            return (
              <fieldset key={field} className="form-field event-attachments">
                <legend>{eventFieldLabel(event.type, field, caseItem.kind)}</legend>
                <AttachmentList items={attached} onRemove={(a) => setAttached((list) => list.filter((x) => x.id !== a.id))} />
                <AttachmentUpload caseId={caseItem.id} label="添加文件" onUploaded={(added) => setAttached((list) => [...list, ...added])} />
                {fieldErrors[field]?.map((text) => (
                  <p key={text} className="field-error">
                    {text}
                  </p>
                ))}
              </fieldset>
            );
          }
          return (
            <FormField
              key={field}
              id={`${idPrefix}-${field}`}
              label={eventFieldLabel(event.type, field, caseItem.kind)}
              required={required.has(field)}
              hint={hintFor(field, schema, values)}
              errors={fieldErrors[field]}
            >
              {control(field, schema)}
            </FormField>
          );
        })}
      <ProblemAlert explained={problem} onReload={onReload} />
      <div className="form-actions">
        {!conflict ? (
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? '正在提交…' : `确认${event.label}`}
          </button>
        ) : !resolved ? (
          <button type="submit" className="button button-primary" disabled>
            正在加载最新版本…
          </button>
        ) : stillAvailable ? (
          <button type="submit" className="button button-primary">
            按最新版本重新提交
          </button>
        ) : (
          <button type="button" className="button" onClick={onReload}>
            放弃填写
          </button>
        )}
        <button type="button" className="button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
