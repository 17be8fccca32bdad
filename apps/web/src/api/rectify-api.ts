import { request } from './http-client';
import type {
  AuditEvent,
  Case,
  CaseChainCheck,
  CaseDetail,
  CaseKind,
  LoginResponse,
  Page,
  TrailCheck,
  Unit,
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
}

export interface AuditQuery {
  caseId?: string;
  actorId?: string;
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

export const fetchCase = (id: string, signal?: AbortSignal) => request<CaseDetail>(`/cases/${encodeURIComponent(id)}`, { signal });

export const openCase = (body: Record<string, unknown>) => request<Case>('/cases', { method: 'POST', body });

export const sendCaseEvent = (id: string, version: number, idempotencyKey: string, event: Record<string, unknown>) =>
  request<Case>(`/cases/${encodeURIComponent(id)}/events`, {
    method: 'POST',
    body: event,
    headers: { 'If-Match': String(version), 'Idempotency-Key': idempotencyKey },
  });

export const fetchTimeline = (id: string, cursor?: string | null) =>
  request<Page<AuditEvent>>(`/cases/${encodeURIComponent(id)}/events`, { query: { cursor, limit: 100 } });

export const searchAudit = (query: AuditQuery, cursor?: string | null, limit = 50) =>
  request<Page<AuditEvent>>('/audit', { query: { ...query, cursor, limit } });

export const verifyCaseChain = (caseId: string) => request<CaseChainCheck>('/audit/verify', { query: { caseId } });

export const verifyTrail = () => request<TrailCheck>('/audit/verify');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** People refer to a case by its code (ZG-2026-000001); the API wants its id. */
export async function findCaseId(ref: string): Promise<string | null> {
  if (UUID.test(ref)) return ref;
  const page = await listCases({ text: ref }, null, 20);
  return page.items.find((c) => c.code.toUpperCase() === ref.toUpperCase())?.id ?? null;
}

const workflows = new Map<CaseKind, Promise<Workflow>>();

/** Machine definitions change only with a deployment, so one fetch per kind and page load is enough. */
export function fetchWorkflow(kind: CaseKind): Promise<Workflow> {
  let pending = workflows.get(kind);
  if (!pending) {
    pending = request<Workflow>(`/workflows/${kind}`);
    pending.catch(() => workflows.delete(kind));
    workflows.set(kind, pending);
  }
  return pending;
}
