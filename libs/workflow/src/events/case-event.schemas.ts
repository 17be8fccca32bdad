import { z } from 'zod';
import { deadline, optionalText, requiredText, TITLE_MAX, uuid } from './text.util';

const comment = z.strictObject({ comment: optionalText() });
const reason = z.strictObject({ reason: requiredText() });

export const MAX_ATTACHMENTS_PER_EVENT = 20;
/** Evidence files (佐证材料) uploaded to the case first; the audit event records each one's name, size and SHA-256. */
const attachments = z
  .array(uuid(), { error: 'must be a list of attachment ids' })
  .max(MAX_ATTACHMENTS_PER_EVENT, { error: `at most ${MAX_ATTACHMENTS_PER_EVENT} attachments` })
  .optional();

/** Payload schemas of the events people send, shared by the kinds that use them. */
export const COMMON_EVENT_SCHEMAS = {
  ASSIGN: z.strictObject({ unitId: uuid(), assigneeId: uuid().optional(), dueAt: deadline().optional(), comment: optionalText() }),
  ACCEPT: comment,
  RETURN: reason,
  REQUEST_EXTENSION: z.strictObject({ dueAt: deadline(), reason: requiredText() }),
  APPROVE_EXTENSION: z.strictObject({ reason: optionalText() }),
  REJECT_EXTENSION: z.strictObject({ reason: optionalText() }),
  APPROVE_CLOSURE: comment,
  REJECT_CLOSURE: reason,
  REOPEN: reason,
  SUSPEND: reason,
  RESUME: comment,
} as const;

export const RECTIFICATION_EVENT_SCHEMAS = {
  ...COMMON_EVENT_SCHEMAS,
  SUBMIT_REPORT: z.strictObject({
    summary: requiredText(),
    attachments,
    evidence: z.array(requiredText(1000), { error: 'must be a list of texts' }).max(20, { error: 'at most 20 items' }).optional(),
  }),
  VERIFY_PASS: comment.extend({ attachments }),
  VERIFY_FAIL: reason.extend({ attachments }),
} as const;

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

export const HOTLINE_EVENT_SCHEMAS = {
  ...COMMON_EVENT_SCHEMAS,
  REPLY: z.strictObject({ answer: requiredText(), attachments }),
  CALLBACK: z.strictObject({
    satisfaction: z.enum(SATISFACTION, { error: `must be one of: ${SATISFACTION.join(', ')}` }),
    comment: optionalText(),
  }),
} as const;

export const ORGANISATION_FORMS = ['检查', '通报', '改组'] as const;
export const PERSON_FORMS = ['通报', '诫勉', '组织调整或者组织处理', '纪律处分'] as const;

const decision = z
  .strictObject({
    targetType: z.enum(['unit', 'person'], { error: 'must be unit or person' }),
    targetUnitId: uuid().optional(),
    targetPerson: optionalText(100),
    attachments,
    form: z.enum([...new Set<string>([...ORGANISATION_FORMS, ...PERSON_FORMS])] as [string, ...string[]], {
      error: `must be one of: ${ORGANISATION_FORMS.join(', ')} (for a unit) or ${PERSON_FORMS.join(', ')} (for a person)`,
    }),
    reason: requiredText(),
  })
  .superRefine((d, ctx) => {
    const forms: readonly string[] = d.targetType === 'unit' ? ORGANISATION_FORMS : PERSON_FORMS;
    if (!forms.includes(d.form)) {
      ctx.addIssue({ code: 'custom', path: ['form'], message: `for a ${d.targetType} must be one of: ${forms.join(', ')}`, params: { code: 'not_in_list' } });
    }
    if (d.targetType === 'unit' && !d.targetUnitId) {
      ctx.addIssue({ code: 'custom', path: ['targetUnitId'], message: 'is required when the target is a unit', params: { code: 'required' } });
    }
    if (d.targetType === 'person' && !d.targetPerson) {
      ctx.addIssue({ code: 'custom', path: ['targetPerson'], message: 'is required when the target is a person', params: { code: 'required' } });
    }
  });

export const ACCOUNTABILITY_EVENT_SCHEMAS = {
  ASSIGN: z.strictObject({ unitId: uuid().optional(), assigneeId: uuid().optional(), comment: optionalText() }),
  SUBMIT_FINDINGS: z.strictObject({ summary: requiredText(), proposal: optionalText() }),
  DECIDE: decision,
  DISMISS: reason,
  RECORD_EXECUTION: z.strictObject({ comment: requiredText() }),
  SUSPEND: reason,
  RESUME: comment,
} as const;

export const MAX_REQUIRED_SUBMISSIONS = 100;

/**
 * 履责事项 (DESIGN.md §11). The system assigns it from the published list (unit, deadline, how many
 * accepted submissions it needs) and revises it when a corrected list is published.
 */
export const OBLIGATION_EVENT_SCHEMAS = {
  ASSIGN: z.strictObject({
    unitId: uuid(),
    dueAt: deadline(),
    requiredCount: z.number().int().min(1).max(MAX_REQUIRED_SUBMISSIONS).optional(),
    comment: optionalText(),
  }),
  SUBMIT_REPORT: z.strictObject({ summary: requiredText(), attachments }),
  VERIFY_PASS: comment,
  VERIFY_FAIL: reason,
  REQUEST_EXTENSION: COMMON_EVENT_SCHEMAS.REQUEST_EXTENSION,
  APPROVE_EXTENSION: COMMON_EVENT_SCHEMAS.APPROVE_EXTENSION,
  REJECT_EXTENSION: COMMON_EVENT_SCHEMAS.REJECT_EXTENSION,
  REOPEN: reason,
  SUSPEND: reason,
  RESUME: comment,
  REVISE: z.strictObject({
    listVersion: z.number().int().min(1),
    title: requiredText(TITLE_MAX).optional(),
    dueAt: deadline().optional(),
    requiredCount: z.number().int().min(1).max(MAX_REQUIRED_SUBMISSIONS).optional(),
    changes: z.array(z.string()).max(10),
  }),
  WITHDRAW: z.strictObject({ listVersion: z.number().int().min(1), reason: requiredText() }),
} as const;

/** System events; the sweeper builds them, so they are checked the same way. */
export const SYSTEM_EVENT_SCHEMAS = {
  /** `dueAt` is when the warning was due; `deadline` the case's deadline it warns of. */
  SLA_WARNING: z.strictObject({ timerId: z.string(), dueAt: z.string(), deadline: z.string().optional() }),
  // A ledger row imported past its deadline arrives breached: the import, not a timer, records it.
  // So does a duty of a responsibility list published after its deadline.
  SLA_BREACHED: z.union([
    z.strictObject({ timerId: z.string(), dueAt: z.string() }),
    z.strictObject({ importId: z.string(), dueAt: z.string() }),
    z.strictObject({ listYear: z.number().int(), listVersion: z.number().int(), dueAt: z.string() }),
  ]),
  ESCALATE: z.strictObject({ timerId: z.string(), level: z.number().int().min(1).max(3) }),
  LINKED_ESCALATION: z.strictObject({ caseId: z.string(), code: z.string(), level: z.number().int().min(1).max(3), state: z.string(), timerId: z.string() }),
  /** `calendarYear`: the year whose loading moved it; absent when a deadline planned on an older calendar was caught up. */
  DEADLINE_REPLANNED: z.strictObject({
    calendarYear: z.number().int().optional(),
    previousDueAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    previousWarnAt: z.string().nullable(),
    warnAt: z.string().nullable(),
    calendarComplete: z.boolean(),
    timers: z.number().int().min(0),
  }),
} as const;

export type EventSchemas = Readonly<Record<string, z.ZodType>>;
