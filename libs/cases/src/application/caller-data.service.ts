import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transactions } from '@app/database';
import { type Actor, ADMIN_TRAIL, type AdminTrail, type ChangeContext, DomainError, SYSTEM_ACTOR } from '@app/workflow';
import type { CallerField } from '../domain/caller-data';
import { CallerDataRepository } from '../persistence/caller-data.repository';

export interface CallerErasure {
  caseId: string;
  caseCode: string;
  fields: CallerField[];
  reason: string;
  erasedAt: string;
}

const BATCH = 200;

/**
 * Lawful erasure of a hotline caller's name and phone (retention expiry, a court order): the data
 * and the salt of its commitments are cleared, the trail is untouched and stays valid, and the
 * erasure itself is an admin-chain event with who, when and why.
 */
@Injectable()
export class CallerDataService {
  private readonly logger = new Logger(CallerDataService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly callers: CallerDataRepository,
    @Inject(ADMIN_TRAIL) private readonly adminTrail: AdminTrail,
  ) {}

  erase(actor: Actor, caseId: string, reason: string, by: ChangeContext): Promise<CallerErasure> {
    return this.transactions.run(async (runner) => {
      const found = await this.callers.lock(runner, actor.scope, caseId);
      if (!found) throw DomainError.notFound('case');
      const data = found.data;
      if (!data) throw DomainError.notFound('caller data of this case');
      if (data.erasedAt) throw refused(`the caller's data was erased at ${data.erasedAt}`);
      if (found.caseState !== 'closed') throw refused('the case is still being handled: its caller may need a call back');
      const fields: CallerField[] = [...(data.hasName ? ['callerName' as const] : []), ...(data.hasPhone ? ['callerPhone' as const] : [])];
      const erasedAt = await this.callers.erase(runner, caseId, by.actor.id, reason);
      await this.adminTrail.record(runner, [
        { type: 'PERSONAL_DATA_ERASED', subject: { type: 'case', id: caseId }, before: { fields }, after: { caseCode: found.caseCode, fields, reason, erasedAt }, ...by },
      ]);
      return { caseId, caseCode: found.caseCode, fields, reason, erasedAt };
    });
  }

  /** Erases what outlived its retention: callers of cases closed more than `days` days before `now`. */
  async eraseExpired(now: Date, days: number): Promise<number> {
    const closedBefore = new Date(now.getTime() - days * 86_400_000);
    const by: ChangeContext = { actor: { id: SYSTEM_ACTOR.id, roles: SYSTEM_ACTOR.roles, unitId: null }, correlationId: `retention-${now.toISOString()}` };
    let erased = 0;
    const skipped: string[] = [];
    for (;;) {
      const ids = await this.callers.expired(closedBefore, BATCH, skipped);
      for (const id of ids) {
        try {
          await this.erase(SYSTEM_ACTOR, id, `保存期限届满（结案满 ${days} 天）`, by);
          erased++;
        } catch (err) {
          // Another process erased it first, or it cannot be erased now: the others still are.
          skipped.push(id);
          this.logger.warn({ err, caseId: id }, 'caller data not erased at the end of its retention');
        }
      }
      if (ids.length < BATCH) break;
    }
    if (erased) this.logger.log({ erased, days }, 'callers’ personal data erased at the end of its retention');
    return erased;
  }
}

function refused(message: string): DomainError {
  return DomainError.refusedContent(409, [{ field: 'caseId', code: 'conflict', message }]);
}
