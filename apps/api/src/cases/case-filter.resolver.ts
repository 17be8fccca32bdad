import { Injectable } from '@nestjs/common';
import type { CaseListFilter } from '@app/cases';
import { responsibilityItemFilter } from '@app/obligations';
import { UnitReportService } from '@app/reports';
import type { Actor } from '@app/workflow';

type Query = { reportCell?: string; responsibilityItem?: string };

/**
 * A case-list filter as the query gave it, with a report's figure (reportCell) or an item of the
 * responsibility list turned into the cases it counts.
 */
@Injectable()
export class CaseFilterResolver {
  constructor(private readonly reports: UnitReportService) {}

  async resolve<Q extends Query>(actor: Actor, query: Q): Promise<Omit<Q, keyof Query> & Pick<CaseListFilter, 'within'>> {
    const { reportCell, responsibilityItem, ...rest } = query;
    const subqueries: NonNullable<CaseListFilter['within']>[] = [];
    if (reportCell) subqueries.push(await this.reports.cellFilter(actor, reportCell));
    if (responsibilityItem) {
      const [year, item] = responsibilityItem.split('-').map(Number);
      subqueries.push(responsibilityItemFilter(year, item));
    }
    if (!subqueries.length) return rest;
    return { ...rest, within: (params) => subqueries.map((q) => `(${q(params)})`).join(' INTERSECT ') };
  }
}
