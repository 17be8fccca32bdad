import type { CaseScope } from '@app/workflow';
import type { CaseHead } from '../domain/chain-tip';

export const AUDITED_CASES = Symbol('AUDITED_CASES');

/** Which cases exist for a caller, answered by the cases context: audit never reads `cases` for it. */
export interface AuditedCases {
  /** The case's stored chain head, or null when it does not exist for this scope. */
  headOf(scope: CaseScope, caseId: string): Promise<CaseHead | null>;
  /** Case heads in id order after `afterCaseId`, for whole-trail verification. */
  headsAfter(scope: CaseScope, afterCaseId: string | null, limit: number): Promise<CaseHead[]>;
}
