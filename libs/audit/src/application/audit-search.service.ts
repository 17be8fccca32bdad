import { Injectable } from '@nestjs/common';
import { CaseScope, DomainError } from '@app/workflow';
import { AuditEventRow, AuditRepository, AuditSearch } from '../persistence/audit.repository';
import { decodeCursor, encodeCursor } from './cursor.util';

export type AuditQuery = Omit<AuditSearch, 'before'> & { cursor?: string };

export interface AuditPage {
  items: AuditEventRow[];
  nextCursor: string | null;
}

/** The audit search of DESIGN.md §5: newest first, keyset-paged, within the caller's scope. */
@Injectable()
export class AuditSearchService {
  constructor(private readonly audit: AuditRepository) {}

  async search(scope: CaseScope, query: AuditQuery): Promise<AuditPage> {
    const before = query.cursor ? decodeCursor(query.cursor, isAuditCursor) : undefined;
    if (query.from && query.to && query.from > query.to) {
      throw DomainError.validation([{ field: 'to', message: 'must not be before from' }]);
    }
    const rows = await this.audit.search(scope, { ...query, before, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null };
  }
}

function isAuditCursor(value: unknown): value is { at: string; id: string } {
  const v = value as { at?: unknown; id?: unknown };
  return typeof v?.at === 'string' && !Number.isNaN(Date.parse(v.at)) && typeof v.id === 'string' && /^\d{1,19}$/.test(v.id);
}
