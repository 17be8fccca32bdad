import { Injectable } from '@nestjs/common';
import { UnitDirectory, UserService } from '@app/identity';
import { type Actor, CaseScope, csvLine, DomainError, TRAIL_CSV_HEADER, trailCsvCells } from '@app/workflow';
import { type AdminEventRow, AdminEventsRepository } from '../persistence/admin-events.repository';
import { AuditEventRow, AuditRepository, AuditSearch } from '../persistence/audit.repository';
import { decodeCursor, encodeCursor } from './cursor.util';

export interface AuditQuery {
  caseId?: string;
  actorId?: string;
  /** A username (any letter case), a display name or "system": instead of actorId, as auditors know people. */
  actor?: string;
  unitId?: string;
  type?: string;
  /** ISO 8601 instants or dates, validated at the edge. */
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

const EXPORT_PAGE = 2000;

/** No actor has this id: an unknown username is searched like a known one without events. */
const NO_ONE = '-';

export interface AuditPage {
  items: AuditEventRow[];
  nextCursor: string | null;
}

/** The audit search of DESIGN.md §5: newest first, keyset-paged, within the caller's scope. */
@Injectable()
export class AuditSearchService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly users: UserService,
    private readonly admin: AdminEventsRepository,
    private readonly units: UnitDirectory,
  ) {}

  async search(scope: CaseScope, query: AuditQuery): Promise<AuditPage> {
    const { before, from, to } = pageBounds(query);
    const filter: AuditSearch = {
      caseId: query.caseId,
      actorIds: await this.actorIdsOf(query),
      unitId: query.unitId,
      type: query.type,
      from,
      to,
      before,
      limit: query.limit + 1,
    };
    const rows = await this.audit.search(scope, filter);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null };
  }

  /**
   * Every event the search finds (not one page), newest first, as CSV lines in words: yielded
   * page by page as they are read, so memory stays flat whatever the size.
   */
  async *exportCsv(scope: CaseScope, query: Omit<AuditQuery, 'cursor' | 'limit'>): AsyncGenerator<string> {
    const { from, to } = pageBounds({ ...query, limit: EXPORT_PAGE });
    const actorIds = await this.actorIdsOf({ ...query, limit: EXPORT_PAGE });
    const tree = await this.units.tree();
    const nameOf = (id: string) => tree.get(id)?.name ?? id;
    yield '\uFEFF' + csvLine(TRAIL_CSV_HEADER);
    let before: { at: string; id: string } | undefined;
    for (;;) {
      const rows = await this.audit.search(scope, { caseId: query.caseId, actorIds, unitId: query.unitId, type: query.type, from, to, before, limit: EXPORT_PAGE });
      if (!rows.length) return;
      yield rows.map((r) => csvLine(trailCsvCells(r, nameOf))).join('');
      if (rows.length < EXPORT_PAGE) return;
      const last = rows[rows.length - 1];
      before = { at: last.at, id: last.id };
    }
  }

  /**
   * The admin chain (users, roles, units, policies, calendars, lists, weights, timer retries),
   * newest first: for auditors, who watch the administrators.
   */
  async searchAdmin(actor: Actor, query: AuditQuery): Promise<{ items: AdminEventRow[]; nextCursor: string | null }> {
    if (!actor.roles.includes('auditor')) throw DomainError.forbidden('the admin chain is read by auditors', { rule: 'role' });
    for (const field of ['caseId', 'unitId'] as const) {
      if (query[field] !== undefined) throw DomainError.validation([{ field, code: 'conflict', message: 'admin events belong to no case or unit; leave it out with scope=admin' }]);
    }
    const { before, from, to } = pageBounds(query);
    const rows = await this.admin.search({ actorIds: await this.actorIdsOf(query), type: query.type, from, to, before, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null };
  }

  /** The answer, and its validation, never tell which usernames exist. */
  private async actorIdsOf(query: AuditQuery): Promise<string[] | undefined> {
    if (query.actor === undefined) return query.actorId === undefined ? undefined : [query.actorId];
    if (query.actorId !== undefined) throw DomainError.validation([{ field: 'actor', code: 'conflict', message: 'give actor or actorId, not both' }]);
    if (query.actor.toLowerCase() === 'system' || query.actor === '系统') return ['system'];
    const ids = await this.users.idsOf(query.actor);
    return ids.length ? ids : [NO_ONE];
  }
}

function pageBounds(query: AuditQuery): { before?: { at: string; id: string }; from?: Date; to?: Date } {
  const before = query.cursor ? decodeCursor(query.cursor, isAuditCursor) : undefined;
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from && to && from > to) throw DomainError.validation([{ field: 'to', code: 'conflict', message: 'must not be before from' }]);
  return { before, from, to };
}

function isAuditCursor(value: unknown): value is { at: string; id: string } {
  const v = value as { at?: unknown; id?: unknown };
  return typeof v?.at === 'string' && !Number.isNaN(Date.parse(v.at)) && typeof v.id === 'string' && /^\d{1,19}$/.test(v.id);
}
