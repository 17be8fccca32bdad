import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '@app/audit';
import type { Actor } from '@app/workflow';
import { type NoticeKind, noticeKindOf } from '../domain/notice-rules';
import { NoticeRepository } from '../persistence/notice.repository';

/** How far back notices go: older news is in the inbox and the trail. */
const WINDOW_DAYS = 30;
const UNREAD_CAP = 100;

export interface Notice {
  id: string;
  kind: NoticeKind;
  caseId: string;
  caseCode: string;
  caseTitle: string;
  caseKind: string;
  eventType: string;
  seq: number;
  level: number | null;
  at: string;
  read: boolean;
}

const isCursor = (v: unknown): v is { at: string; id: string } => {
  const c = v as { at?: unknown; id?: unknown };
  return typeof c?.at === 'string' && !Number.isNaN(Date.parse(c.at)) && typeof c.id === 'string' && /^\d{1,19}$/.test(c.id);
};

/** Per-person notices: the trail's events that concern them (notice-rules), read or not. */
@Injectable()
export class NoticeService {
  constructor(private readonly notices: NoticeRepository) {}

  async list(actor: Actor, query: { unread?: boolean; cursor?: string; limit: number }) {
    const before = query.cursor ? decodeCursor(query.cursor, isCursor) : undefined;
    const rows = await this.notices.list(actor, { since: since(), unreadOnly: query.unread === true, before, limit: query.limit + 1 });
    const items: Notice[] = rows.slice(0, query.limit).map((r) => ({
      id: r.id,
      kind: noticeKindOf(actor.roles, { type: r.type, toState: r.toState, kind: r.caseKind, unitId: r.unitId, reviewerUnitId: r.reviewerUnitId, level: r.level }, actor.unitSubtree)!,
      caseId: r.caseId,
      caseCode: r.caseCode,
      caseTitle: r.caseTitle,
      caseKind: r.caseKind,
      eventType: r.type,
      seq: r.seq,
      level: r.level,
      at: r.at,
      read: r.read,
    }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null, unread: await this.unread(actor) };
  }

  async unread(actor: Actor): Promise<number> {
    return this.notices.unread(actor, since(), UNREAD_CAP);
  }

  async markRead(actor: Actor, command: { ids?: string[]; all?: boolean }): Promise<{ unread: number }> {
    if (command.all) await this.notices.markAllRead(actor.id);
    else await this.notices.markRead(actor.id, command.ids ?? []);
    return { unread: await this.unread(actor) };
  }
}

const since = () => new Date(Date.now() - WINDOW_DAYS * 86_400_000);
