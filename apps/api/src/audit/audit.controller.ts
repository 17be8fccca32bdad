import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditSearchService, AuditVerifyService } from '@app/audit';
import { UserService } from '@app/identity';
import { Actor, DomainError } from '@app/workflow';
import { CurrentActor } from '../http/auth.decorators';
import { AuditSearchQuery, AuditVerifyQuery } from './audit-search.query';

function instant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw DomainError.validation([{ field, message: 'is not a valid date' }]);
  return date;
}

const NO_ONE = '-';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly search: AuditSearchService,
    private readonly verifier: AuditVerifyService,
    private readonly users: UserService,
  ) {}

  @Get()
  async find(@CurrentActor() actor: Actor, @Query() q: AuditSearchQuery) {
    return this.search.search(actor.scope, {
      caseId: q.caseId,
      actorId: await this.actorIdOf(q),
      unitId: q.unitId,
      type: q.type,
      from: instant(q.from, 'from'),
      to: instant(q.to, 'to'),
      cursor: q.cursor,
      limit: q.limit ?? 50,
    });
  }

  /**
   * `actor` names the person by username, as auditors know them; `actorId` by id. An unknown name
   * is searched like a known one without events (no actor has the id NO_ONE), so the answer — and
   * its validation — never tells which usernames exist.
   */
  private async actorIdOf(q: AuditSearchQuery): Promise<string | undefined> {
    if (q.actor === undefined) return q.actorId;
    if (q.actorId !== undefined) throw DomainError.validation([{ field: 'actor', message: 'give actor or actorId, not both' }]);
    if (q.actor.toLowerCase() === 'system') return 'system';
    return (await this.users.idOf(q.actor)) ?? NO_ONE;
  }

  @Get('verify')
  verify(@CurrentActor() actor: Actor, @Query() q: AuditVerifyQuery) {
    return q.caseId ? this.verifier.verifyCase(actor.scope, q.caseId) : this.verifier.verifyAll(actor.scope);
  }
}
