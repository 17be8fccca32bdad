import type { components } from './openapi.gen';

/**
 * The console's view of the API, taken from the OpenAPI contract (openapi.gen.ts is generated
 * from openapi.json by `npm run openapi:types`): when the API changes shape, the console stops
 * compiling where it depends on the old one.
 */
type Schemas = components['schemas'];

/** The named members of a schema that also allows others (drops the index signature). */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

export type Role = Schemas['Role'];
export type CaseKind = Schemas['CaseKind'];
export type Case = Schemas['Case'];
export type TopLevelState = Case['state'];
export type TrafficLight = NonNullable<Case['light']>;
export type CaseDetail = Schemas['CaseDetail'];
export type LinkedCase = CaseDetail['linkedCases'][number];
export type EventRef = Case['availableEvents'][number];
export type BlockedEvent = Case['blockedEvents'][number];
/** The rules besides the role that can withhold an event from a person. */
export type BlockingRule = BlockedEvent['rule'];
export type Suspension = NonNullable<Case['suspension']>;
export type ExtensionRequest = NonNullable<Case['extension']>;

export type LoginResponse = Schemas['LoginResult'];
export type User = LoginResponse['user'];
export type Unit = Schemas['Unit'] & { children: Unit[] };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type AuditEvent = Schemas['AuditEvent'];
export type Attachment = Schemas['Attachment'];
export type LedgerImport = Schemas['LedgerImport'];
export type Job = Schemas['Job'];
export type EvidenceBundle = Schemas['EvidenceBundle'];
export type CallerErasure = Schemas['CallerErasure'];
export type CallerReveal = Schemas['CallerReveal'];
/** Whom a unit's case can be given to (承办人): active users of the unit and its sub-units. */
export type UnitUser = Schemas['UnitUserList']['items'][number];
/** In-app notices: the trail's events that concern the signed-in person. */
export type Notice = Schemas['Notice'];
export type NoticeKind = Notice['kind'];
export type NoticePage = Schemas['NoticePage'];
export type UnitReport = Schemas['UnitReport'];
export type ReportRow = Schemas['ReportRow'];
export type ReportFigure = Schemas['ReportFigure'];
export type ReportMetric = UnitReport['metrics'][number];
export type Ranking = Schemas['Ranking'];
export type RankingWeights = Schemas['RankingWeights'];
export type LedgerImportReport = Schemas['LedgerImportReport'];
export type LedgerRowReport = LedgerImportReport['rows'][number];
export type CaseChainCheck = Schemas['CaseChainReport'];
export type TrailCheck = Schemas['TrailReport'];
export type AdminEvent = Schemas['AdminEvent'];
export type Checkpoint = Schemas['Checkpoint'];
export type SigningKeys = Schemas['SigningKeys'];
export type AuditWatch = Schemas['AuditWatch'];

/** The JSON Schema subset the event forms read (a payload schema is JSON Schema, not an API shape). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: (string | number)[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  format?: string;
}

type PublishedEvent = Schemas['Workflow']['events'][number];
export type WorkflowEvent = Omit<PublishedEvent, 'payloadSchema'> & { payloadSchema: JsonSchema };
export type Workflow = Omit<Schemas['Workflow'], 'events'> & { events: WorkflowEvent[] };

/**
 * A refusal as the console holds it: the API's problem, or one the console makes up when no
 * problem body arrived (NETWORK: no answer at all; HTTP_ERROR: a 4xx from something else).
 */
export type Problem = Partial<Omit<Known<Schemas['Problem']>, 'code' | 'status'>> & {
  status: number;
  code: Schemas['Problem']['code'] | 'NETWORK' | 'HTTP_ERROR';
};
export type FieldError = NonNullable<Schemas['Problem']['errors']>[number];

export type ResponsibilityList = Schemas['ResponsibilityList'];
export type ResponsibilityMatrix = Schemas['ResponsibilityMatrix'];
export type MatrixCell = ResponsibilityMatrix['cells'][number];
export type UnitChecklist = Schemas['UnitChecklist'];
export type ChecklistObligation = UnitChecklist['items'][number]['obligations'][number];
export type ChecklistCase = ChecklistObligation['cases'][number];

export type SlaPolicy = Schemas['SlaPolicy'];
export type SlaRule = Schemas['SlaRule'];
export type EscalationStep = SlaRule['escalation'][number];
export type EscalationAction = NonNullable<EscalationStep['action']>;
export type SlaPriority = SlaRule['priority'];
export type SlaRuleChange = Schemas['SlaRuleChange'];
export type SlaPolicyPreview = Schemas['SlaPolicyPreview'];

/** Administration: accounts, the working calendar's years and the timers that ran out of attempts. */
export type UserAccount = Schemas['User'];
/** `active` has a default (true), which the generated type reads as required. */
export type CreateUserBody = Omit<Schemas['CreateUserRequest'], 'active'> & { active?: boolean };
export type UpdateUserBody = Schemas['UpdateUserRequest'];
export type CalendarYear = Schemas['CalendarYear'];
export type CalendarYearBody = Schemas['CalendarYearRequest'];
export type CalendarYearLoaded = Schemas['CalendarYearLoaded'];
export type CalendarYearPreview = Schemas['CalendarYearPreview'];
export type CaseTimer = Schemas['Timer'];
