export type Role = 'inspector' | 'supervisor' | 'unit_officer' | 'hotline_agent' | 'auditor' | 'admin';
export type CaseKind = 'rectification' | 'hotline' | 'accountability';
export type TopLevelState = 'opened' | 'assigned' | 'rectifying' | 'verified' | 'closed';
export type TrafficLight = 'green' | 'yellow' | 'red';

export interface User {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
}

export interface LoginResponse {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  user: User;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  children: Unit[];
}

export interface EventRef {
  type: string;
  label: string;
}

/** The rules besides the role that can withhold an event from a person. */
export type BlockingRule = 'four-eyes' | 'unit-scope';

/** An event the state accepts and the caller's role could send, refused by another rule. */
export interface BlockedEvent extends EventRef {
  rule: BlockingRule;
  /** The API's reason in English, for logs; the console says it in Chinese. */
  reason: string;
}

export interface Suspension {
  reason: string;
  by: string;
  since: string;
}

export interface ExtensionRequest {
  dueAt: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
}

export interface LinkedCase {
  id: string;
  code: string;
  kind: CaseKind;
  title: string;
  state: TopLevelState;
  stateDetail: string;
}

export interface Case {
  id: string;
  code: string;
  kind: CaseKind;
  title: string;
  state: TopLevelState;
  stateDetail: string;
  stateLabel: string;
  unitId: string | null;
  assigneeId: string | null;
  priority: 'normal' | 'urgent';
  version: number;
  machineVersion: number;
  dueAt: string | null;
  warnAt: string | null;
  light: TrafficLight | null;
  calendarComplete: boolean;
  escalationLevel: number;
  reworkCount: number;
  returnCount: number;
  suspended: boolean;
  suspension: Suspension | null;
  extension: ExtensionRequest | null;
  parentCaseId: string | null;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  updatedAt: string;
  fields: Record<string, unknown>;
  availableEvents: EventRef[];
  /** Absent from an API older than the console: treat as none. */
  blockedEvents?: BlockedEvent[];
  workdaysLeft?: number | null;
}

export interface CaseDetail extends Case {
  linkedCases?: LinkedCase[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditEvent {
  id: string;
  caseId: string;
  caseCode: string;
  caseKind: CaseKind;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorName?: string | null;
  actorRole: string;
  actorUnitId: string | null;
  payload: Record<string, unknown>;
  correlationId: string | null;
  at: string;
  prevHash: string;
  hash: string;
}

export interface CaseChainCheck {
  caseId: string;
  valid: boolean;
  checked: number;
  firstBrokenSeq?: number;
}

export interface TrailCheck {
  valid: boolean;
  cases: number;
  checked: number;
  broken: { caseId: string; firstBrokenSeq: number }[];
}

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

export interface WorkflowEvent {
  type: string;
  label: string;
  roles: Role[];
  unitScoped: boolean;
  fourEyes: boolean;
  system: boolean;
  payloadSchema: JsonSchema;
}

export interface Workflow {
  kind: CaseKind;
  label: string;
  version: number;
  versions: number[];
  openRoles: Role[];
  states: { path: string; label: string }[];
  events: WorkflowEvent[];
  mermaid: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
  allowedEvents?: string[];
  rule?: 'role' | BlockingRule | 'system-only';
  /** With rule 'role': the roles any one of which would be allowed. */
  requiredRoles?: string[];
  currentVersion?: number;
  errorId?: string;
}
