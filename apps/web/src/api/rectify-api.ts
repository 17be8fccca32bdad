import { todayInShanghai } from '../format/time';
import { download, request, type DownloadProgress, type RequestOptions } from './http-client';
import { onSessionEnd } from './session-caches';
import type {
  Attachment,
  CallerErasure,
  CallerReveal,
  UnitUser,
  AdminEvent,
  AuditEvent,
  AuditWatch,
  CalendarYear,
  CalendarYearBody,
  CalendarYearLoaded,
  CalendarYearPreview,
  CaseTimer,
  CreateUserBody,
  UpdateUserBody,
  UserAccount,
  Case,
  CaseChainCheck,
  Checkpoint,
  CaseDetail,
  CaseKind,
  Job,
  LedgerImport,
  LoginResponse,
  Page,
  TrailCheck,
  Ranking,
  SigningKeys,
  ResponsibilityList,
  ResponsibilityMatrix,
  UnitChecklist,
  RankingWeights,
  SlaPolicy,
  SlaPolicyPreview,
  SlaRule,
  Unit,
  UnitReport,
  Workflow,
} from './types';

export interface CaseQuery {
  kind?: CaseKind;
  state?: string;
  stateDetail?: string;
  unitId?: string;
  assigneeId?: string;
  overdue?: boolean;
  escalationLevel?: number;
  suspended?: boolean;
  parentCaseId?: string;
  text?: string;
  /** Any escalation level above 0. */
  escalated?: boolean;
  /** An extension request awaits a supervisor. */
  extensionPending?: boolean;
  /** Sent back at least once (验收不通过). */
  rework?: boolean;
  /** Returned by the unit (退回) and waiting to be given out again: the 被退回 queue. */
  returned?: boolean;
  /** The cases behind one figure of a report. */
  reportCell?: string;
  /** The obligation cases of one item of a year's responsibility list: `2027-9`. */
  responsibilityItem?: string;
}

export type ReportKindParam = 'rectification' | 'hotline' | 'escalations';

export interface ReportQuery {
  kind: ReportKindParam;
  from: string;
  to: string;
  rollup?: boolean;
}

export interface AuditQuery {
  caseId?: string;
  /** A username, or "system". */
  actor?: string;
  unitId?: string;
  type?: string;
  from?: string;
  to?: string;
}

export const login = (username: string, password: string) =>
  request<LoginResponse>('/auth/login', { method: 'POST', body: { username, password }, anonymous: true });

export const fetchUnits = () => request<Unit[]>('/units');

export const listCases = (query: CaseQuery, cursor?: string | null, limit = 20, signal?: AbortSignal) =>
  request<Page<Case>>('/cases', { query: { ...query, cursor, limit }, signal });

/** How many cases a list with these filters would show the caller, over all its pages. */
export const countCases = (query: CaseQuery, signal?: AbortSignal) =>
  request<{ count: number }>('/cases/count', { query: { ...query }, signal }).then((r) => r.count);

export const fetchCase = (id: string, signal?: AbortSignal) => request<CaseDetail>(`/cases/${encodeURIComponent(id)}`, { signal });

export const openCase = (body: Record<string, unknown>) => request<Case>('/cases', { method: 'POST', body });

export const sendCaseEvent = (id: string, version: number, idempotencyKey: string, event: Record<string, unknown>) =>
  request<Case>(`/cases/${encodeURIComponent(id)}/events`, {
    method: 'POST',
    body: event,
    headers: { 'If-Match': String(version), 'Idempotency-Key': idempotencyKey },
  });

export const listAttachments = (caseId: string) => request<Page<Attachment>>(`/cases/${encodeURIComponent(caseId)}/attachments`).then((p) => p.items);

export function uploadAttachments(caseId: string, files: readonly File[]): Promise<Attachment[]> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  return request<Attachment[]>(`/cases/${encodeURIComponent(caseId)}/attachments`, { method: 'POST', body: form });
}

/** A workbook export with the list's filters; the name is today's, as the API would give it. */
export async function downloadWorkbook(what: 'ledger' | 'hotline', query: CaseQuery): Promise<{ blob: Blob; name: string }> {
  const { kind: _kind, ...filters } = query;
  const blob = await request<Blob>(`/${what}/export.xlsx`, { query: { ...filters }, as: 'blob' });
  return { blob, name: `${what === 'ledger' ? '整改台账' : '12345工单'}-${todayInShanghai().replaceAll('-', '')}.xlsx` };
}

export const downloadLedgerTemplate = () => request<Blob>('/ledger/template.xlsx', { as: 'blob' });

/**
 * Starts an import as a job (it may take a while for a large ledger): a dry run reports without
 * writing; otherwise every row is imported or none. The job ends with the report or the problem.
 */
export function startLedgerImport(file: File, dryRun: boolean): Promise<Job> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<Job>('/ledger/imports', { method: 'POST', body: form, query: { dryRun: dryRun || undefined }, headers: { Prefer: 'respond-async' } });
}

export function fetchReport({ kind, ...query }: ReportQuery, signal?: AbortSignal): Promise<UnitReport> {
  const path = kind === 'escalations' ? '/reports/escalations' : '/reports/units';
  return request<UnitReport>(path, { query: { ...query, ...(kind === 'escalations' ? {} : { kind }) }, signal });
}

export const fetchRanking = (query: { kind: 'rectification' | 'hotline'; from: string; to: string; rollup?: boolean }, signal?: AbortSignal) =>
  request<Ranking>('/reports/ranking', { query: { ...query }, signal });

export const fetchRankingWeights = () => request<RankingWeights>('/reports/ranking/weights');

export const publishRankingWeights = (weights: RankingWeights['weights']) => request<RankingWeights>('/reports/ranking/weights', { method: 'PUT', body: weights });

/** The report as a workbook (one sheet per kind), named by its period. */
export async function downloadReportWorkbook(query: { from: string; to: string; rollup?: boolean }): Promise<{ blob: Blob; name: string }> {
  const blob = await request<Blob>('/reports/units.xlsx', { query: { ...query }, as: 'blob' });
  return { blob, name: `统计-${query.from}-${query.to}.xlsx` };
}

export const fetchJob = (id: string) => request<Job>(`/jobs/${encodeURIComponent(id)}`);

/** 承办人 candidates: the active users of the unit and its sub-units. */
export const fetchUnitUsers = (unitId: string, signal?: AbortSignal) =>
  request<Page<UnitUser>>(`/units/${encodeURIComponent(unitId)}/users`, { signal }).then((p) => p.items);

/** The caller's full name and number for the handling unit's officer; the server records each view (PERSONAL_DATA_VIEWED). */
export const revealCaller = (caseId: string) => request<CallerReveal>(`/cases/${encodeURIComponent(caseId)}/caller-data/views`, { method: 'POST' });

/** Lawful erasure of a closed hotline order's caller name and phone; the reason goes into the admin chain. */
export const eraseCallerData = (caseId: string, reason: string) =>
  request<CallerErasure>(`/cases/${encodeURIComponent(caseId)}/caller-data/erasure`, { method: 'POST', body: { reason } });

export type BundleScope = { caseId: string } | { unitId: string; from?: string; to?: string };

/** Starts building an evidence bundle as a job (a unit's year can take a while); it ends with an EvidenceBundle. */
export function startEvidenceBundle(scope: BundleScope, files: boolean): Promise<Job> {
  return request<Job>('/audit/bundles', { query: { ...scope, files: files || undefined }, headers: { Prefer: 'respond-async' } });
}

export const downloadEvidenceBundle = (download: string) => request<Blob>(download.replace(/^\/api/, ''), { as: 'blob' });


export const listLedgerImports = (cursor?: string | null) => request<Page<LedgerImport>>('/ledger/imports', { query: { cursor, limit: 20 } });

export const fetchAttachment = (id: string) => request<Blob>(`/attachments/${encodeURIComponent(id)}`, { as: 'blob' });

export const fetchTimeline = (id: string, cursor?: string | null) =>
  request<Page<AuditEvent>>(`/cases/${encodeURIComponent(id)}/events`, { query: { cursor, limit: 100 } });

export const searchAudit = (query: AuditQuery, cursor?: string | null, limit = 50) =>
  request<Page<AuditEvent>>('/audit', { query: { ...query, cursor, limit } });

/** Every event the search finds (not only the loaded page), as the server's CSV: UTF-8 with BOM, Chinese headers, streamed. */
export const exportAuditCsv = (query: AuditQuery, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
  download('/audit/export.csv', { query: { ...query }, onProgress, signal });

export const searchAdminChain = (query: Pick<AuditQuery, 'actor' | 'type' | 'from' | 'to'>, cursor?: string | null, limit = 50) =>
  request<Page<AdminEvent>>('/audit', { query: { ...query, scope: 'admin', cursor, limit } });

export const fetchCheckpoints = (cursor?: string | null) => request<Page<Checkpoint>>('/audit/checkpoints', { query: { cursor, limit: 50 } });

export const fetchSigningKeys = () => request<SigningKeys>('/audit/checkpoints/key');

export const fetchAuditWatch = () => request<AuditWatch>('/audit/watch');

export const verifyCaseChain = (caseId: string) => request<CaseChainCheck>('/audit/verify', { query: { caseId } });

export const verifyTrail = () => request<TrailCheck>('/audit/verify');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** People refer to a case by its code (ZG-2026-000001); the API wants its id. */
export async function findCaseId(ref: string): Promise<string | null> {
  if (UUID.test(ref)) return ref;
  const page = await listCases({ text: ref }, null, 20);
  return page.items.find((c) => c.code.toUpperCase() === ref.toUpperCase())?.id ?? null;
}

const workflows = new Map<string, Promise<Workflow>>();
let allWorkflows: Promise<Workflow[]> | null = null;
onSessionEnd(() => {
  workflows.clear();
  allWorkflows = null;
});

/** Every kind's latest machine (GET /api/workflows): the field names each event's payload may carry, for the audit search and its CSV. */
export function fetchWorkflows(): Promise<Workflow[]> {
  if (!allWorkflows) {
    const pending = request<Page<Workflow>>('/workflows').then((p) => p.items);
    pending.catch(() => {
      if (allWorkflows === pending) allWorkflows = null;
    });
    allWorkflows = pending;
  }
  return allWorkflows;
}

/**
 * A machine definition changes only with a deployment, so one fetch per kind, version and page
 * load is enough. Without a version, the latest; a case asks for the version it runs on.
 */
export function fetchWorkflow(kind: CaseKind, version?: number): Promise<Workflow> {
  const key = `${kind}@${version ?? 'latest'}`;
  let pending = workflows.get(key);
  if (!pending) {
    pending = request<Workflow>(`/workflows/${encodeURIComponent(kind)}`, { query: { version } });
    pending.catch(() => workflows.delete(key));
    workflows.set(key, pending);
  }
  return pending;
}

export const fetchResponsibilityList = (year: number, signal?: AbortSignal) => request<ResponsibilityList>(`/responsibility-lists/${year}`, { signal });

export const saveResponsibilityList = (year: number, body: { status: 'draft' | 'published'; items: unknown }) =>
  request<ResponsibilityList>(`/responsibility-lists/${year}`, { method: 'PUT', body });

export const fetchMatrix = (year: number, signal?: AbortSignal) => request<ResponsibilityMatrix>(`/responsibility-lists/${year}/matrix`, { signal });

export const fetchChecklist = (year: number, unitId: string, signal?: AbortSignal) =>
  request<UnitChecklist>(`/responsibility-lists/${year}/units/${encodeURIComponent(unitId)}`, { signal });

export async function downloadMatrixWorkbook(year: number): Promise<{ blob: Blob; name: string }> {
  const blob = await request<Blob>(`/responsibility-lists/${year}/matrix.xlsx`, { as: 'blob' });
  return { blob, name: `责任清单-${year}.xlsx` };
}

export const fetchSlaPolicy = (signal?: AbortSignal) => request<SlaPolicy>('/sla-policies', { signal });

/** What publishing these rules would change (rules added, removed, changed; the timers each reaches); nothing is published. */
export const previewSlaPolicy = (rules: SlaRule[]) =>
  request<SlaPolicyPreview>('/sla-policies', { method: 'PUT', body: { rules }, query: { dryRun: true } });

/** Publishes the rules as the next version; timers already pending keep their due time. */
/** `baseVersion`: the version the draft was made from; another admin's publish since then is a 409. */
export const publishSlaPolicy = (rules: SlaRule[], baseVersion?: number) =>
  request<SlaPolicy>('/sla-policies', { method: 'PUT', body: baseVersion === undefined ? { rules } : { rules, baseVersion } });

// Administration (units, users, calendar years, parked timers): every write is an admin-chain event.

/** A 204 has no body to parse; the client's method list predates DELETE. */
const noContent = (path: string, method: 'POST' | 'DELETE') =>
  request<Blob>(path, { method: method as NonNullable<RequestOptions['method']>, as: 'blob' }).then(() => undefined);

export const fetchUnitTree = (signal?: AbortSignal) => request<Unit[]>('/units', { signal });

export const createUnit = (body: { code: string; name: string; parentId: string | null }) => request<Unit>('/units', { method: 'POST', body });

/** Rename (name or code), move (parentId, null = top level), deactivate or reactivate (active). */
export const updateUnit = (id: string, body: { code?: string; name?: string; parentId?: string | null; active?: boolean }) =>
  request<Unit>(`/units/${encodeURIComponent(id)}`, { method: 'PATCH', body });

/** Only a unit without sub-units, users or cases. */
export const deleteUnit = (id: string) => noContent(`/units/${encodeURIComponent(id)}`, 'DELETE');

export const listUsers = (signal?: AbortSignal) => request<Page<UserAccount>>('/users', { signal }).then((p) => p.items);

export const createUser = (body: CreateUserBody) => request<UserAccount>('/users', { method: 'POST', body });

/** A password reset, a deactivation or a change of roles ends the user's sessions on every device. */
export const updateUser = (id: string, body: UpdateUserBody) => request<UserAccount>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });

export const fetchCalendarYear = (year: number, signal?: AbortSignal) => request<CalendarYear>(`/calendar/${year}`, { signal });

/** Which open deadlines loading this schedule would move; nothing is loaded. */
export const previewCalendarYear = (year: number, body: CalendarYearBody) =>
  request<CalendarYearPreview>(`/calendar/${year}`, { method: 'PUT', body, query: { dryRun: true } });

/** Loads (or replaces) the year and re-plans the open deadlines it moves, in one transaction. */
export const loadCalendarYear = (year: number, body: CalendarYearBody) => request<CalendarYearLoaded>(`/calendar/${year}`, { method: 'PUT', body });

export const listTimers = (status: CaseTimer['status'] = 'parked', signal?: AbortSignal) =>
  request<Page<CaseTimer>>('/admin/timers', { query: { status, limit: 500 }, signal }).then((p) => p.items);

/** Back in the queue with its attempts reset; the sweeper delivers it on its next pass. */
export const retryTimer = (id: string) => noContent(`/admin/timers/${encodeURIComponent(id)}/retry`, 'POST');
