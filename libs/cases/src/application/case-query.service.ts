import { Inject, Injectable } from '@nestjs/common';
import { AuditEventRow, AuditRepository, decodeCursor, encodeCursor } from '@app/audit';
import { CalendarYearsService, TimerRepository } from '@app/escalation';
import { UserService } from '@app/identity';
import { Actor, DomainError, MACHINE_REGISTRY, MachineRegistry } from '@app/workflow';
import { mayAttach } from '../domain/evidence.policy';
import { CaseListFilter, CaseRepository } from '../persistence/case.repository';
import { CaseView, toCaseView } from './case-view';

export type CaseListQuery = Omit<CaseListFilter, 'after'> & { cursor?: string };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type CaseDetail = CaseView & {
  linkedCases: { id: string; code: string; kind: string; title: string; state: string; stateDetail: string }[];
  /** Whether this caller may add evidence files now (the console offers the upload only then). */
  mayAttach: boolean;
  assignee: { id: string; displayName: string } | null;
  /** The open 问责 about this case, if the caller may see it. */
  openAccountability: { id: string; code: string } | null;
  /** Upcoming deadline events (pending, or paused while suspended). */
  timers: { id: string; purpose: string; level: number; dueAt: string; status: string }[];
};

const isCaseCursor = (v: unknown): v is { openedAt: string; id: string } => {
  const c = v as { openedAt?: unknown; id?: unknown };
  return (
    typeof c?.openedAt === 'string' &&
    !Number.isNaN(Date.parse(c.openedAt)) &&
    typeof c.id === 'string' &&
    /^[0-9a-f-]{36}$/i.test(c.id)
  );
};

const isSeqCursor = (v: unknown): v is { seq: number } => Number.isInteger((v as { seq?: unknown })?.seq) && (v as { seq: number }).seq >= 0;

/** Linked cases come in the caller's scope, so a unit officer never learns of a 问责 this way. */
const openAccountabilityOf = (linked: CaseDetail['linkedCases']) => {
  const open = linked.find((c) => c.kind === 'accountability' && c.state !== 'closed');
  return open ? { id: open.id, code: open.code } : null;
};

/** Reads of cases, always within the caller's scope: outside it a case simply does not exist. */
@Injectable()
export class CaseQueryService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly audit: AuditRepository,
    private readonly calendars: CalendarYearsService,
    private readonly timers: TimerRepository,
    private readonly users: UserService,
    @Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry,
  ) {}

  async get(actor: Actor, id: string): Promise<CaseDetail> {
    const row = await this.cases.findVisible(actor.scope, id);
    if (!row) throw DomainError.notFound('case');
    const [linkedCases, timers, calendar, names] = await Promise.all([
      this.cases.linked(actor.scope, id),
      this.timers.forCase(id),
      this.calendars.calendar(),
      this.users.namesOf(row.assigneeId ? [row.assigneeId] : []),
    ]);
    return {
      ...toCaseView(row, actor, this.registry, { revealPersonalData: true, calendar }),
      linkedCases,
      mayAttach: mayAttach(actor, row),
      openAccountability: openAccountabilityOf(linkedCases),
      assignee: row.assigneeId ? { id: row.assigneeId, displayName: names.get(row.assigneeId) ?? row.assigneeId } : null,
      timers: timers
        .filter((t) => t.status === 'pending' || t.status === 'paused')
        .map((t) => ({ id: t.id, purpose: t.purpose, level: t.level, dueAt: new Date(t.dueAt).toISOString(), status: t.status })),
    };
  }

  async list(actor: Actor, query: CaseListQuery): Promise<Page<CaseView>> {
    const after = query.cursor ? decodeCursor(query.cursor, isCaseCursor) : undefined;
    const [rows, calendar] = await Promise.all([this.cases.list(actor.scope, { ...query, after, limit: query.limit + 1 }), this.calendars.calendar()]);
    const now = new Date();
    const items = rows.slice(0, query.limit).map((row) => toCaseView(row, actor, this.registry, { now, calendar }));
    const last = rows[query.limit - 1];
    return {
      items,
      nextCursor: rows.length > query.limit && last ? encodeCursor({ openedAt: new Date(last.openedAt).toISOString(), id: last.id }) : null,
    };
  }

  /** How many cases match (for inbox tab counts), within the caller's scope. */
  async count(actor: Actor, query: Omit<CaseListFilter, 'after' | 'limit'>): Promise<{ count: number }> {
    return { count: await this.cases.count(actor.scope, query) };
  }

  async timeline(actor: Actor, id: string, query: { cursor?: string; limit: number }): Promise<Page<AuditEventRow>> {
    const after = query.cursor ? decodeCursor(query.cursor, isSeqCursor).seq : 0;
    const rows = await this.audit.timeline(actor.scope, id, after, query.limit + 1);
    // Every case has at least its OPENED event: nothing on the first page means no such case for this caller.
    if (!rows.length && (after === 0 || !(await this.cases.findVisible(actor.scope, id)))) throw DomainError.notFound('case');
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? encodeCursor({ seq: items[items.length - 1].seq }) : null };
  }
}
