import type { CaseScope } from '@app/workflow';

export const AUDITED_CASES = Symbol('AUDITED_CASES');

/** Which cases exist for a caller, answered by the cases context: audit never reads `cases` for it. */
export interface AuditedCases {
  isVisible(scope: CaseScope, caseId: string): Promise<boolean>;
  /** Case ids in id order after `afterCaseId`, for whole-trail verification. */
  idsAfter(scope: CaseScope, afterCaseId: string | null, limit: number): Promise<string[]>;
}
