import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Transactions } from '@app/database';
import { Actor, ADMIN_TRAIL, type AdminTrail, DomainError, parseOrThrow } from '@app/workflow';
import { LIST_STATUSES, listItemsSchema, type ResponsibilityList } from '../domain/responsibility-list';
import { ResponsibilityListRepository } from '../persistence/responsibility-list.repository';
import { type GenerationResult, ObligationGenerator } from './obligation-generator';

/** Who reads the list itself; unit officers read their own checklist instead. */
export const LIST_READERS = ['admin', 'inspector', 'supervisor', 'auditor'] as const;

const putSchema = z.strictObject({
  status: z.enum(LIST_STATUSES, { error: `must be one of: ${LIST_STATUSES.join(', ')}` }),
  items: listItemsSchema,
});

export interface ListAnswer extends ResponsibilityList {
  /** The version in force: the latest published one (null before the first publication). */
  publishedVersion: number | null;
  versions: { version: number; status: string; createdAt: string; createdBy: string }[];
}

export interface PutAnswer extends ListAnswer {
  generation: GenerationResult | null;
}

/**
 * A year's 机关党建主体责任清单: versioned like the SLA policy, each PUT a new version. A draft
 * changes nothing; publishing generates (or revises) the year's obligation cases in the same
 * transaction, so a list is never published without its cases.
 */
@Injectable()
export class ResponsibilityListService {
  constructor(
    private readonly transactions: Transactions,
    private readonly lists: ResponsibilityListRepository,
    private readonly generator: ObligationGenerator,
    @Inject(ADMIN_TRAIL) private readonly trail: AdminTrail,
  ) {}

  async get(actor: Actor, year: number): Promise<ListAnswer> {
    assertReader(actor);
    const list = await this.lists.latest(year);
    if (!list) throw DomainError.notFound(`responsibility list ${year}`);
    return this.answer(list);
  }

  async put(actor: Actor, year: number, body: unknown, correlationId: string): Promise<PutAnswer> {
    if (!actor.roles.includes('admin')) throw DomainError.forbidden('responsibility lists are maintained by administrators', { rule: 'role' });
    const { status, items } = parseOrThrow(putSchema, body);
    // A list that cannot be placed (units that do not exist, dates the year lacks, unnamed holidays)
    // is refused by planning, which rolls the new version back with everything else.
    const { list, generation } = await this.transactions.run(async (runner) => {
      await this.lists.lockYear(runner, year);
      const previous = await this.lists.latest(year, {}, runner);
      const saved = await this.lists.insert(runner, year, status, items, actor.id);
      let generation: GenerationResult | null = null;
      if (status === 'draft') await this.generator.plan(year, items, runner);
      else generation = await this.generator.generateIn(runner, saved, correlationId, new Date());
      // Last: the admin chain's lock is taken after every row lock of this transaction, as elsewhere.
      await this.trail.record(runner, [
        {
          type: status === 'published' ? 'RESPONSIBILITY_LIST_PUBLISHED' : 'RESPONSIBILITY_LIST_SAVED',
          subject: { type: 'responsibility-list', id: String(year) },
          before: previous && { version: previous.version, status: previous.status },
          after: { version: saved.version, status, items },
          actor,
          correlationId,
        },
      ]);
      return { list: saved, generation };
    });
    return { ...(await this.answer(list)), generation };
  }

  /** Generates what a published list still lacks (units added since, a lost race): the worker's periodic pass. */
  async catchUp(correlationId: string): Promise<GenerationResult[]> {
    const results: GenerationResult[] = [];
    for (const year of await this.lists.publishedYears()) {
      results.push(
        await this.transactions.run(async (runner) => {
          await this.lists.lockYear(runner, year);
          const list = (await this.lists.latest(year, { publishedOnly: true }, runner))!;
          return this.generator.generateIn(runner, list, correlationId, new Date());
        }),
      );
    }
    return results;
  }

  private async answer(list: ResponsibilityList): Promise<ListAnswer> {
    const versions = await this.lists.versions(list.year);
    const published = versions.find((v) => v.status === 'published');
    return { ...list, publishedVersion: published?.version ?? null, versions };
  }
}

export function assertReader(actor: Actor): void {
  if (!LIST_READERS.some((r) => actor.roles.includes(r))) throw DomainError.forbidden('the responsibility list is read by county staff; units read their checklist', { rule: 'role' });
}
