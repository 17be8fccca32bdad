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

export interface CallerReveal {
  caseId: string;
  caseCode: string;
  callerName: string | null;
  callerPhone: string | null;
  viewedAt: string;
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

  /**
   * The caller's full name and number for the officers handling the order: its unit's officers
   * while it is with them (签收前后、办理中), so they can call back. Each view is an admin-chain
   * event (who saw which caller, when); lists, exports and the trail stay masked.
   */
  reveal(actor: Actor, caseId: string, by: ChangeContext): Promise<CallerReveal> {
    return this.transactions.run(async (runner) => {
      const found = await this.callers.read(runner, actor.scope, caseId);
      if (!found) throw DomainError.notFound('case');
      if (found.kind !== 'hotline') throw DomainError.notFound('caller data of this case');
      const handling = actor.roles.includes('unit_officer') && found.unitId !== null && actor.unitSubtree.includes(found.unitId);
      if (!handling) throw DomainError.forbidden('only the officers of the unit the order is assigned to see the full number', { rule: 'unit-scope' });
      // With the unit: to sign for, or being handled; once answered it is the hotline's call back.
      if (found.stateDetail !== 'assigned' && found.stateDetail !== 'rectifying.inProgress') throw refused('the order is no longer with the unit: its caller is shown masked');
      if (found.erasedAt) throw refused("the caller's data was erased");
      if (found.callerName === null && found.callerPhone === null) throw DomainError.notFound('caller data of this case');
      const viewedAt = new Date().toISOString();
      const fields = [...(found.callerName !== null ? ['callerName'] : []), ...(found.callerPhone !== null ? ['callerPhone'] : [])];
      await this.adminTrail.record(runner, [{ type: 'PERSONAL_DATA_VIEWED', subject: { type: 'case', id: caseId }, before: null, after: { caseCode: found.code, fields, viewedAt }, ...by }]);
      return { caseId, caseCode: found.code, callerName: found.callerName, callerPhone: found.callerPhone, viewedAt };
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
