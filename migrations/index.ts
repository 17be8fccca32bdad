import { CreateIdentity1764201600000 } from './1764201600000-CreateIdentity';
import { CreateCases1764201700000 } from './1764201700000-CreateCases';
import { CreateEscalation1764201800000 } from './1764201800000-CreateEscalation';
import { AddUserTokenVersion1764800000000 } from './1764800000000-AddUserTokenVersion';
import { AddTimerAction1765000000000 } from './1765000000000-AddTimerAction';
import { CreateAttachments1765100000000 } from './1765100000000-CreateAttachments';
import { CreateLedgerImports1765200000000 } from './1765200000000-CreateLedgerImports';
import { CreateJobs1765300000000 } from './1765300000000-CreateJobs';
import { CreateRankingWeights1765400000000 } from './1765400000000-CreateRankingWeights';
import { AddEventUnit1765500000000 } from './1765500000000-AddEventUnit';
import { CreateResponsibilityLists1765600000000 } from './1765600000000-CreateResponsibilityLists';
import { AddCaseReviewerUnit1765700000000 } from './1765700000000-AddCaseReviewerUnit';
import { CreateAuditLog1765800000000 } from './1765800000000-CreateAuditLog';
import { CreateAdminEvents1765900000000 } from './1765900000000-CreateAdminEvents';
import { AddAuditWatch1766000000000 } from './1766000000000-AddAuditWatch';
import { CreateCallerData1766100000000 } from './1766100000000-CreateCallerData';
import { CreateAuditProfile1766200000000 } from './1766200000000-CreateAuditProfile';
import { CreateSettingsVersions1766300000000 } from './1766300000000-CreateSettingsVersions';
import { AddCaseContentVersion1766400000000 } from './1766400000000-AddCaseContentVersion';
import { AddCaseEscalationPeak1766500000000 } from './1766500000000-AddCaseEscalationPeak';
import { AddTimerRecipe1766600000000 } from './1766600000000-AddTimerRecipe';
import { AddUnitActive1766700000000 } from './1766700000000-AddUnitActive';
import { CreateNoticeReads1766800000000 } from './1766800000000-CreateNoticeReads';
import { CreateWriteCheck1766900000000 } from './1766900000000-CreateWriteCheck';

/** Every migration, in order; listed explicitly so ts-node, the build and jest all find them. */
export const migrations = [
  CreateIdentity1764201600000,
  CreateCases1764201700000,
  CreateEscalation1764201800000,
  AddUserTokenVersion1764800000000,
  AddTimerAction1765000000000,
  CreateAttachments1765100000000,
  CreateLedgerImports1765200000000,
  CreateJobs1765300000000,
  CreateRankingWeights1765400000000,
  AddEventUnit1765500000000,
  CreateResponsibilityLists1765600000000,
  AddCaseReviewerUnit1765700000000,
  CreateAuditLog1765800000000,
  CreateAdminEvents1765900000000,
  AddAuditWatch1766000000000,
  CreateCallerData1766100000000,
  CreateAuditProfile1766200000000,
  CreateSettingsVersions1766300000000,
  AddCaseContentVersion1766400000000,
  AddCaseEscalationPeak1766500000000,
  AddTimerRecipe1766600000000,
  AddUnitActive1766700000000,
  CreateNoticeReads1766800000000,
  CreateWriteCheck1766900000000,
];
