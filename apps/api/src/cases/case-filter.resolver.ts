import { Injectable } from '@nestjs/common';
import type { CaseListFilter } from '@app/cases';
import { UnitReportService } from '@app/reports';
import type { Actor } from '@app/workflow';

/** A case-list filter as the query gave it, with a report's figure (reportCell) turned into the cases it counts. */
@Injectable()
export class CaseFilterResolver {
  constructor(private readonly reports: UnitReportService) {}

  async resolve<Q extends { reportCell?: string }>(actor: Actor, query: Q): Promise<Omit<Q, 'reportCell'> & Pick<CaseListFilter, 'within'>> {
    const { reportCell, ...rest } = query;
    return reportCell ? { ...rest, within: await this.reports.cellFilter(actor, reportCell) } : rest;
  }
}
