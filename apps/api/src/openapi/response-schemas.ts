import { z } from 'zod';
import { ADMIN_EVENT_TYPES, ADMIN_SUBJECTS, CASE_KINDS, ErrorCode, FIELD_ERROR_CODES, ROLES, TOP_LEVEL_STATES } from '@app/workflow';

/**
 * The shapes the API answers with, as named OpenAPI components. They are the contract the
 * console's types are generated from and every end-to-end response is validated against, so
 * a change of shape shows up in both.
 */
export const contract = z.registry<{ id: string; description?: string }>();

const named = <T extends z.ZodType>(id: string, schema: T, description?: string): T => {
  contract.add(schema, description ? { id, description } : { id });
  return schema;
};

const uuid = z.uuid();
const instant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const Role = named('Role', z.enum(ROLES));
export const CaseKind = named('CaseKind', z.enum(CASE_KINDS));

const EventRef = named('EventRef', z.object({ type: z.string(), label: z.string() }));

export const CaseView = named(
  'Case',
  z.object({
    id: uuid,
    code: z.string(),
    kind: CaseKind,
    title: z.string(),
    state: z.enum(TOP_LEVEL_STATES),
    stateDetail: z.string(),
    stateLabel: z.string(),
    unitId: nullable(uuid),
    assigneeId: nullable(uuid),
    priority: z.enum(['normal', 'urgent']),
    version: z.int(),
    contentVersion: z.int().min(1).meta({
      description: 'the version of the last event that changed the state or fields; If-Match with any version from this one on is fresh (the sweeper\'s 预警/超期/升级 do not make it stale)',
    }),
    machineVersion: z.int(),
    dueAt: nullable(instant),
    warnAt: nullable(instant),
    light: nullable(z.enum(['green', 'yellow', 'red'])),
    workdaysLeft: nullable(z.int()),
    calendarComplete: z.boolean(),
    maxEscalationLevel: z.int().min(0).max(3).meta({ description: 'the highest level ever reached; escalationLevel starts again with each state' }),
    escalationLevel: z.int().min(0).max(3),
    reworkCount: z.int(),
    returnCount: z.int(),
    suspended: z.boolean(),
    suspension: nullable(z.object({ reason: z.string(), by: z.string(), since: instant })),
    extension: nullable(z.object({ dueAt: instant, reason: z.string(), requestedBy: z.string(), requestedAt: instant })),
    parentCaseId: nullable(uuid),
    openedBy: z.string(),
    openedAt: instant,
    closedAt: nullable(instant),
    updatedAt: instant,
    fields: z.record(z.string(), z.unknown()).meta({ description: "the kind's own fields (rectification: source, category, dueAt…; hotline: caller, request type…)" }),
    availableEvents: z.array(EventRef),
    blockedEvents: z.array(
      z.object({ type: z.string(), label: z.string(), rule: z.enum(['four-eyes', 'unit-scope', 'reviewer']), reason: z.string().meta({ description: 'in English, for logs' }) }),
    ),
  }),
  'A case as its reader may see it (personal data masked unless the reader may see it).',
);

export const CaseDetail = named(
  'CaseDetail',
  CaseView.extend({
    mayAttach: z.boolean().meta({ description: 'whether the caller may add evidence files now' }),
    assignee: nullable(z.object({ id: uuid, displayName: z.string() })).meta({ description: 'the 承办人 by name' }),
    openAccountability: nullable(z.object({ id: uuid, code: z.string() })).meta({
      description: 'the open accountability case (问责) about this case, for those who may see accountability cases; later level-3 escalations join it',
    }),
    linkedCases: z.array(z.object({ id: uuid, code: z.string(), kind: CaseKind, title: z.string(), state: z.enum(TOP_LEVEL_STATES), stateDetail: z.string() })),
    timers: z.array(z.object({ id: z.string(), purpose: z.enum(['warning', 'breach', 'escalate']), level: z.int(), dueAt: instant, status: z.string() })),
  }),
);

const page = <T extends z.ZodType>(id: string, item: T) => named(id, z.object({ items: z.array(item), nextCursor: nullable(z.string()) }));

export const CasePage = page('CasePage', CaseView);
export const CaseCount = named('CaseCount', z.object({ count: z.int().min(0) }));

export const AuditEvent = named(
  'AuditEvent',
  z.object({
    id: z.string(),
    caseId: uuid,
    seq: z.int().min(1),
    type: z.string(),
    payload: z.record(z.string(), z.unknown()),
    fromState: nullable(z.string()),
    toState: z.string(),
    actorId: z.string(),
    actorRole: z.string(),
    actorUnitId: nullable(uuid),
    machineVersion: z.int(),
    correlationId: z.string(),
    at: instant,
    prevHash: z.string(),
    hash: z.string(),
    actorName: z.string(),
    actorUsername: nullable(z.string()).meta({ description: 'the login name of the person who acted (null for the system)' }),
    caseCode: z.string(),
    caseKind: CaseKind,
  }),
  'One event of the hash-chained audit trail.',
);
export const AuditPage = page('AuditPage', AuditEvent);

export const AdminEvent = named(
  'AdminEvent',
  z.object({
    id: z.string(),
    chain: z.literal('admin'),
    seq: z.int().min(1),
    type: z.enum(ADMIN_EVENT_TYPES),
    subjectType: z.enum(ADMIN_SUBJECTS),
    subjectId: z.string(),
    before: nullable(z.record(z.string(), z.unknown())),
    after: nullable(z.record(z.string(), z.unknown())),
    actorId: z.string(),
    actorRole: z.string(),
    actorUnitId: nullable(uuid),
    correlationId: z.string(),
    at: instant,
    prevHash: z.string(),
    hash: z.string(),
    actorName: z.string(),
  }),
  'One event of the admin chain: a configuration or access change, before and after.',
);
export const AdminPage = page('AdminPage', AdminEvent);
export const AuditSearchResult = named('AuditSearchResult', z.union([AuditPage, AdminPage]), 'Case events, or with scope=admin the admin chain.');

const Truncation = z
  .object({
    lastSeq: z.int().min(0).meta({ description: 'the last seq still present' }),
    version: z.int().min(1).meta({ description: 'the seq the case row says its chain ends at' }),
    missingSeqs: z.array(z.int()).meta({ description: 'the missing seqs, at most 100' }),
    missingCount: z.int().min(1),
  })
  .meta({ description: 'the chain ends before the case row says it does: its tail was cut' });
const headMismatch = z.literal(true).optional().meta({ description: 'the chain is whole but ends in another hash than the case row stores: it was rewritten' });

export const CaseChainReport = named(
  'CaseChainReport',
  z.object({
    caseId: uuid,
    valid: z.boolean(),
    checked: z.int().min(0),
    firstBrokenSeq: z.int().optional(),
    truncated: Truncation.optional(),
    headMismatch,
  }),
);
const TrailReport = named(
  'TrailReport',
  z.object({
    valid: z.boolean(),
    cases: z.int().min(0),
    checked: z.int().min(0),
    broken: z.array(z.object({ caseId: uuid, code: z.string().optional().meta({ description: 'the case number' }), firstBrokenSeq: z.int(), headMismatch })),
    truncated: z.array(z.object({ caseId: uuid, code: z.string().optional() }).extend(Truncation.shape)),
    log: z
      .object({
        checked: z.boolean().meta({ description: 'false for a caller who does not see every case: the global log spans all units' }),
        size: z.int().min(0).meta({ description: 'entries replayed' }),
        checkpoints: z.int().min(0),
        missingCount: z.int().min(0),
        unlogged: z.int().min(0).meta({ description: 'events neither logged nor queued: they can never join the log (their queue entry was removed)' }),
        queuedGone: z.int().min(0).meta({ description: 'queued events deleted before they were logged' }),
      })
      .meta({ description: 'the global log replayed from the events now present, against every signed checkpoint' }),
    admin: z.object({ checked: z.boolean(), valid: z.boolean(), events: z.int().min(0), firstBrokenSeq: z.int().optional() }).meta({ description: 'the admin chain' }),
    missingLogIndexes: z.array(z.int()).meta({ description: 'log indexes with no entry or whose event is gone (a deleted event or case), at most 100' }),
    alteredLogIndexes: z.array(z.int()).meta({ description: 'entries whose event no longer hashes to the leaf logged when it was sequenced' }),
    checkpointMismatch: z.array(
      z.object({
        id: z.string(),
        treeSize: z.int().min(0),
        at: instant,
        reason: z.enum(['root', 'signature', 'key']).meta({ description: 'root: the events now present give another root; signature: not signed by its key; key: signed by an unknown key' }),
      }),
    ),
  }),
);
export const Checkpoint = named(
  'Checkpoint',
  z.object({
    id: z.string(),
    treeSize: z.int().min(0),
    rootHash: z.string().meta({ description: 'base64 Merkle tree hash (RFC 9162)' }),
    hashAlgorithm: z.enum(['sha256', 'sm3']),
    at: instant,
    keyId: z.string().meta({ description: 'hex key id of the signing key (signed-note)' }),
    note: z.string().meta({ description: 'the signed checkpoint in C2SP tlog-checkpoint text, byte for byte as signed' }),
  }),
  'A signed head of the global audit log.',
);
export const CheckpointPage = page('CheckpointPage', Checkpoint);
export const SigningKeys = named(
  'SigningKeys',
  z.object({
    current: nullable(z.string()).meta({ description: 'key id signing checkpoints now; null when this server signs none' }),
    keys: z.array(
      z.object({
        keyId: z.string(),
        name: z.string().meta({ description: "the log's origin, the signature line's key name" }),
        algorithm: z.enum(['ed25519', 'sm2']),
        publicKey: z.string().meta({ description: 'SPKI PEM' }),
        verifierKey: z.string().meta({ description: 'signed-note verifier key: name+id+base64(type || key)' }),
        firstUsedAt: nullable(instant),
      }),
    ),
  }),
  'Every key that has signed checkpoints, oldest first: keep a copy outside Rectify.',
);

export const AuditWatch = named(
  'AuditWatch',
  z.object({
    lastRunAt: instant,
    lastFullAt: nullable(instant),
    valid: z.boolean(),
    checkedThrough: z.int().min(0).meta({ description: 'log entries verified so far' }),
    runsTotal: z.int().min(0),
    failedRunsTotal: z.int().min(0),
    firstFailureAt: nullable(instant).meta({ description: 'when the failing streak began (the alert was raised then)' }),
    findings: z.array(z.string()),
  }),
  "The worker's running verification of the trail.",
);

export const VerifyResult = named('VerifyResult', z.union([CaseChainReport, TrailReport]), 'One case (caseId given) or every case the caller may see.');

const JsonSchema = z.record(z.string(), z.unknown()).meta({ description: 'a JSON Schema (draft 2020-12)' });

export const Workflow = named(
  'Workflow',
  z.object({
    kind: CaseKind,
    label: z.string(),
    version: z.int(),
    versions: z.array(z.int()),
    openRoles: z.array(Role),
    states: z.array(
      z.object({
        path: z.string(),
        label: z.string(),
        parent: nullable(z.string()),
        initial: z.boolean().meta({ description: 'the state its parent (or the machine) starts in' }),
        final: z.boolean().meta({ description: 'no transition leaves it' }),
        compound: z.boolean().meta({ description: 'has sub-states: a case is always in one of its atomic sub-states' }),
      }),
    ),
    transitions: z
      .array(
        z.object({
          from: z.string().meta({ description: 'an atomic state' }),
          event: z.string(),
          to: z.string().meta({ description: 'the atomic state afterwards' }),
          guard: z.string().optional().meta({ description: 'the machine condition, e.g. notSuspended, callerUnsatisfied' }),
          selfTransition: z.boolean().meta({ description: 'changes the case without leaving the state' }),
          roles: z.array(Role),
          system: z.boolean(),
        }),
      )
      .meta({ description: 'every transition of every atomic state, inherited ones included, in the order the machine tries them' }),
    events: z.array(
      z.object({
        type: z.string(),
        label: z.string(),
        roles: z.array(Role),
        unitScoped: z.boolean(),
        reviewerScoped: z.boolean(),
        fourEyes: z.boolean(),
        system: z.boolean(),
        payloadSchema: JsonSchema,
        payloadLabels: z.record(z.string(), z.string()).meta({ description: 'the Chinese name of each field the audit payload may carry' }),
      }),
    ),
    mermaid: z.string(),
  }),
  'A machine as data: its states, events, who may send them and their payloads.',
);
export const WorkflowPage = page('WorkflowPage', Workflow);

export const Unit = named('Unit', z.object({ id: uuid, code: z.string(), name: z.string(), parentId: nullable(uuid), active: z.boolean() }).loose());
export const UnitNode: z.ZodType = named(
  'UnitNode',
  Unit.extend({
    get children() {
      return z.array(UnitNode);
    },
  }),
);
export const UnitTree = named('UnitTree', z.array(UnitNode));
export const UnitUserList = named(
  'UnitUserList',
  z.object({
    items: z.array(z.object({ id: uuid, displayName: z.string(), unitId: uuid })).meta({ description: 'names and units only: login names and roles are for admins' }),
    nextCursor: z.null(),
  }),
);

export const User = named(
  'User',
  z.object({
    id: uuid,
    username: z.string(),
    displayName: z.string(),
    unitId: uuid,
    roles: z.array(Role),
    active: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
  }),
);
export const UserPage = page('UserPage', User);

export const LoginResult = named(
  'LoginResult',
  z.object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.int(),
    user: z.object({ id: uuid, username: z.string(), displayName: z.string(), unitId: uuid, roles: z.array(Role) }),
  }),
);

const EscalationStep = z.object({ level: z.int().min(1).max(3), after: z.string(), action: z.enum(['notify', 'open-rectification', 'open-accountability']).optional() });
export const SlaRule = named(
  'SlaRule',
  z.strictObject({
    kind: CaseKind,
    priority: z.enum(['normal', 'urgent', 'any']),
    state: z.string().meta({ description: 'a state path of the kind, e.g. rectifying.inProgress' }),
    deadline: z.string().meta({ description: 'a duration (5wd, 24h, 30m, 10s) or caseDueAt' }),
    warnBefore: z.string().optional(),
    escalation: z.array(EscalationStep).max(3),
  }),
);
export const SlaPolicy = named(
  'SlaPolicy',
  z.object({
    version: z.int(),
    rules: z.array(SlaRule),
    createdAt: instant,
    createdBy: z.string(),
  }),
);

export const SlaRuleChange = named(
  'SlaRuleChange',
  z.object({
    change: z.enum(['added', 'removed', 'changed']),
    kind: CaseKind,
    priority: z.enum(['normal', 'urgent', 'any']),
    state: z.string(),
    before: nullable(SlaRule),
    after: nullable(SlaRule),
    pendingTimers: z.int().min(0).meta({ description: 'timers pending now under the rule this replaces; they keep their due time' }),
    cases: z.int().min(0).meta({ description: 'the cases those timers belong to' }),
  }),
);
export const SlaPolicyPreview = named(
  'SlaPolicyPreview',
  z.object({ dryRun: z.literal(true), currentVersion: z.int(), changes: z.array(SlaRuleChange) }),
  'What publishing these rules would change (PUT with ?dryRun=true); nothing was published.',
);
export const SlaPolicyPublished = named('SlaPolicyPublished', z.union([SlaPolicy, SlaPolicyPreview]));

export const CalendarYear = named(
  'CalendarYear',
  z.object({
    year: z.int(),
    source: z.enum(['loaded', 'package', 'none']),
    holidays: z.array(isoDate),
    workdays: z.array(isoDate),
    holidayNames: z.array(z.object({ date: isoDate, name: z.string() })),
  }),
);
export const CalendarYearLoaded = named(
  'CalendarYearLoaded',
  CalendarYear.extend({
    replanned: z.object({ cases: z.int().min(0), timers: z.int().min(0) }).meta({ description: 'open deadlines the year moved; each case records DEADLINE_REPLANNED' }),
  }),
);
export const CalendarYearPreview = named(
  'CalendarYearPreview',
  z.object({
    dryRun: z.literal(true),
    year: z.int(),
    cases: z.int().min(0),
    timers: z.int().min(0),
    moves: z.array(z.object({ caseId: uuid, code: z.string(), previousDueAt: nullable(instant), dueAt: nullable(instant), timers: z.int().min(1) })).max(200),
  }),
  'Which open deadlines loading the year would move (the first 200 cases by number); nothing was loaded.',
);
export const CalendarYearLoadResult = named('CalendarYearLoadResult', z.union([CalendarYearLoaded, CalendarYearPreview]));
export const WorkdaySum = named('WorkdaySum', z.object({ date: isoDate, calendarComplete: z.boolean() }));

export const Timer = named(
  'Timer',
  z.object({
    id: z.string(),
    caseId: uuid,
    code: z.string(),
    purpose: z.enum(['warning', 'breach', 'escalate']),
    level: z.int(),
    dueAt: instant,
    stateEntered: z.string(),
    attempts: z.int(),
    action: nullable(z.enum(['notify', 'open-rectification', 'open-accountability'])),
    status: z.enum(['pending', 'paused', 'fired', 'cancelled', 'parked']),
    lastError: nullable(z.string()),
    nextAttemptAt: nullable(instant),
    firedAt: nullable(instant),
  }),
);
export const TimerPage = page('TimerPage', Timer);

export const Attachment = named(
  'Attachment',
  z.object({
    id: uuid,
    caseId: uuid,
    name: z.string(),
    mediaType: z.string(),
    size: z.int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    uploadedBy: z.string(),
    uploadedAt: instant,
  }),
  'An evidence file (佐证材料) of a case, stored once by its SHA-256.',
);
export const AttachmentList = named('AttachmentList', z.array(Attachment));
export const AttachmentPage = page('AttachmentPage', Attachment);

export const LedgerImport = named(
  'LedgerImport',
  z.object({
    id: uuid,
    fileName: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sheet: z.string(),
    importedBy: z.string(),
    importedByName: nullable(z.string()),
    importedAt: instant,
    caseCount: z.int().min(1),
    assignedCount: z.int().min(0),
    overdueCount: z.int().min(0),
    firstCode: z.string(),
    lastCode: z.string(),
  }),
  'A workbook brought in as ledger items: who, when, which file (by SHA-256) and the cases it opened (firstCode…lastCode).',
);
export const LedgerImportPage = page('LedgerImportPage', LedgerImport);

const RowReport = named(
  'LedgerRowReport',
  z.object({
    row: z.int().min(1).meta({ description: 'the row number in the sheet' }),
    status: z.enum(['ok', 'error']),
    errors: z.array(
      z.object({
        column: z.string().meta({ description: 'the header of the column, e.g. 整改时限' }),
        code: z.enum(FIELD_ERROR_CODES),
        message: z.string().meta({ description: 'in Chinese, for the person who filled in the sheet' }),
      }),
    ),
    cells: z.record(z.string(), nullable(z.string())).meta({ description: 'the cells the import reads, as read (long text cut to 80 characters)' }),
  }),
);

export const LedgerImportReport = named(
  'LedgerImportReport',
  z.object({
    dryRun: z.boolean(),
    fileName: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sheet: z.string(),
    headerRow: z.int().min(1),
    ignoredColumns: z.array(z.string()),
    totals: z.object({ rows: z.int().min(0), ok: z.int().min(0), error: z.int().min(0), assigned: z.int().min(0), overdue: z.int().min(0) }),
    rows: z.array(RowReport),
    earlierImport: nullable(LedgerImport),
    import: nullable(LedgerImport),
  }),
  'Every data row of the sheet checked: on a dry run nothing is written; otherwise all rows became cases (`import`).',
);

export const Notice = named(
  'Notice',
  z.object({
    id: z.string().meta({ description: 'the audit event it is about' }),
    kind: z.enum(['assigned', 'returned', 'awaiting-verification', 'awaiting-approval', 'warning', 'breached', 'escalated']),
    caseId: uuid,
    caseCode: z.string(),
    caseTitle: z.string(),
    caseKind: CaseKind,
    eventType: z.string(),
    seq: z.int().min(1),
    level: nullable(z.int()),
    at: instant,
    read: z.boolean(),
  }),
);
export const NoticeCount = named('NoticeCount', z.object({ unread: z.int().min(0).max(100) }));
export const NoticePage = named('NoticePage', z.object({ items: z.array(Notice), nextCursor: nullable(z.string()), unread: z.int().min(0).max(100) }));
export const CallerReveal = named(
  'CallerReveal',
  z.object({ caseId: uuid, caseCode: z.string(), callerName: nullable(z.string()), callerPhone: nullable(z.string()), viewedAt: instant }),
  'The caller as stored, for calling back; this view is now in the admin chain.',
);
export const CallerErasure = named(
  'CallerErasure',
  z.object({
    caseId: uuid,
    caseCode: z.string(),
    fields: z.array(z.enum(['callerName', 'callerPhone'])),
    reason: z.string(),
    erasedAt: instant,
  }),
  "A caller's data erased: the case keeps callerErasedAt in its fields, the trail is unchanged.",
);

export const EvidenceBundle = named(
  'EvidenceBundle',
  z.object({
    id: uuid.meta({ description: 'the job that built it' }),
    fileName: z.string(),
    bytes: z.int().min(0),
    manifestSha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256 of manifest.json, also recorded in the admin chain (EVIDENCE_BUNDLE_EXPORTED)' }),
    cases: z.int().min(0),
    events: z.int().min(0),
    unsigned: z.int().min(0).meta({ description: 'events no signed checkpoint covered yet when it was made' }),
    treeSize: nullable(z.int().min(0)).meta({ description: 'the size of the signed checkpoint that covers it' }),
    download: z.string().meta({ description: 'GET it (same token) for the ZIP; kept for an hour' }),
  }),
  'An evidence bundle built by a job, ready to download.',
);

export const Job = named(
  'Job',
  z.object({
    id: uuid,
    kind: z.string().meta({ description: 'ledger-import, evidence-bundle' }),
    status: z.enum(['running', 'succeeded', 'failed']),
    phase: nullable(z.string()).meta({ description: 'ledger-import: reading, checking, writing; evidence-bundle: signing, reading, proving, writing' }),
    done: z.int().min(0),
    total: nullable(z.int().min(0)).meta({ description: 'null while the amount of work is not known yet' }),
    result: z.union([LedgerImportReport, EvidenceBundle]).nullable().meta({ description: 'once succeeded: the body the request would have answered with (a LedgerImportReport, an EvidenceBundle); null until then' }),
    problem: z.record(z.string(), z.unknown()).nullable().meta({ description: 'once failed: the problem the request would have answered with' }),
    createdAt: instant,
    updatedAt: instant,
  }),
  'Long work its owner can leave and come back to (started with `Prefer: respond-async`).',
);

const Figure = named(
  'ReportFigure',
  z.object({
    count: z.int().min(0).optional(),
    numerator: z.int().min(0).optional(),
    denominator: z.int().min(0).optional(),
    rate: z.number().min(0).nullable().optional().meta({ description: 'numerator ÷ denominator; null when the denominator is 0' }),
    mean: z.number().nullable().optional().meta({ description: '平均整改用时: working days, over `count` cases' }),
    median: z.number().nullable().optional(),
    cells: z.object({ count: z.string().optional(), numerator: z.string().optional(), denominator: z.string().optional() }).meta({ description: 'per count: a token for GET /api/cases?reportCell= that lists exactly the cases counted' }),
  }),
);

const ReportRow = named(
  'ReportRow',
  z.object({ unitId: nullable(uuid), unitCode: nullable(z.string()), unitName: z.string(), figures: z.record(z.string(), Figure) }),
);

export const UnitReport = named(
  'UnitReport',
  z.object({
    kind: z.enum(['rectification', 'hotline', 'escalations']),
    from: isoDate,
    to: isoDate,
    rollup: z.boolean(),
    generatedAt: instant,
    calendarComplete: z.boolean(),
    metrics: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        shape: z.enum(['count', 'rate', 'duration']),
        explain: z.string(),
        lowerIsBetter: z.literal(true).optional(),
      }),
    ),
    units: z.array(ReportRow),
    county: ReportRow,
  }),
  'The assessment figures per unit for [from, to) in Asia/Shanghai days (DESIGN §10), and the county total.',
);

export const RankingWeights = named(
  'RankingWeights',
  z.object({
    version: z.int().min(1),
    weights: z.object({ rectification: z.record(z.string(), z.number()), hotline: z.record(z.string(), z.number()) }),
    createdAt: instant,
    createdBy: z.string(),
  }),
  'How much each rate counts in the ranking score, per kind; each change is a new version.',
);

const RankedUnit = named(
  'RankedUnit',
  z.object({ rank: z.int().min(1), unitId: uuid, unitCode: nullable(z.string()), unitName: z.string(), score: z.number().min(0).max(100), rates: z.record(z.string(), nullable(z.number())) }),
);

export const Ranking = named(
  'Ranking',
  z.object({
    kind: z.enum(['rectification', 'hotline']),
    from: isoDate,
    to: isoDate,
    generatedAt: instant,
    weights: z.object({ version: z.int().min(1), weights: z.record(z.string(), z.number()) }),
    ranked: z.array(RankedUnit),
    red: z.array(RankedUnit).meta({ description: '红榜: the top units' }),
    black: z.array(RankedUnit).meta({ description: '黑榜: the bottom units, lowest first' }),
    unranked: z.array(z.object({ unitId: uuid, unitCode: nullable(z.string()), unitName: z.string() })).meta({ description: 'units with nothing assessed in the period' }),
  }),
  'Units ranked by the weighted score (0–100) of their rates, a rate where lower is better counted as its complement.',
);

const CELL_STATUS = z.enum(['完成', '进行中', '预警', '超期', '未开始', '不适用']);
const Schedule = z.union([
  z.object({ type: z.literal('once'), due: z.string() }),
  z.object({ type: z.literal('periodic'), every: z.enum(['half-year', 'quarter', 'month']), dueAfterPeriod: z.string() }),
  z.object({ type: z.literal('count'), min: z.int(), by: z.string() }),
  z.object({ type: z.literal('before-holidays'), holidays: z.array(z.string()), lead: z.string() }),
  z.object({ type: z.literal('continuous'), measure: z.enum(['rectification', 'hotline']) }),
]);
const ListObligation = z.object({
  key: z.string(),
  title: z.string(),
  schedule: Schedule,
  appliesTo: z.union([z.literal('departments'), z.array(uuid)]),
  reviewerUnitId: uuid.optional(),
});
const ObligationHeader = z.object({ key: z.string(), title: z.string(), type: z.string(), scheduleText: z.string() });

export const ResponsibilityList = named(
  'ResponsibilityList',
  z.object({
    year: z.int(),
    version: z.int(),
    status: z.enum(['draft', 'published']),
    items: z.array(z.object({ no: z.int(), text: z.string(), obligations: z.array(ListObligation) })),
    createdAt: instant,
    createdBy: z.string(),
    publishedVersion: nullable(z.int()),
    versions: z.array(z.object({ year: z.int().optional(), version: z.int(), status: z.enum(['draft', 'published']), createdAt: instant, createdBy: z.string() })),
    generation: nullable(z.object({ planned: z.int(), created: z.int(), revised: z.int(), withdrawn: z.int(), dropped: z.int() })).optional(),
  }),
  'A year\'s 机关党建主体责任清单 (latest version); a PUT that publishes also says what it generated.',
);

const Counts = z.object({ total: z.int(), done: z.int(), open: z.int(), warning: z.int(), overdue: z.int() });
const Figures = z.object({ total: z.int(), open: z.int(), overdue: z.int(), closed: z.int() });

export const ResponsibilityMatrix = named(
  'ResponsibilityMatrix',
  z.object({
    year: z.int(),
    version: z.int(),
    publishedAt: instant,
    units: z.array(z.object({ id: uuid, code: z.string(), name: z.string() })),
    items: z.array(z.object({ no: z.int(), text: z.string(), obligations: z.array(ObligationHeader) })),
    cells: z.array(
      z.object({
        unitId: uuid,
        itemNo: z.int(),
        status: CELL_STATUS,
        counts: Counts,
        measures: z.array(Figures.extend({ measure: z.enum(['rectification', 'hotline']) })),
      }),
    ),
    totals: z.record(z.string(), z.int()),
  }),
  'Units × items of the published list: each cell\'s status and the counts of the obligation cases behind it.',
);

const Evidence = z.object({ id: uuid, name: z.string(), size: z.int(), sha256: z.string() });
export const UnitChecklist = named(
  'UnitChecklist',
  z.object({
    year: z.int(),
    version: z.int(),
    unit: z.object({ id: uuid, code: z.string(), name: z.string() }),
    items: z.array(
      z.object({
        no: z.int(),
        text: z.string(),
        status: CELL_STATUS,
        obligations: z.array(
          ObligationHeader.extend({
            schedule: Schedule,
            reviewerUnitId: nullable(uuid),
            reviewerUnitName: nullable(z.string()),
            status: CELL_STATUS,
            figures: nullable(Figures.extend({ measure: z.enum(['rectification', 'hotline']) })),
            cases: z.array(
              z.object({
                caseId: uuid,
                code: z.string(),
                title: z.string(),
                period: z.string(),
                periodLabel: z.string(),
                state: z.enum(TOP_LEVEL_STATES),
                stateDetail: z.string(),
                stateLabel: z.string(),
                dueAt: nullable(instant),
                ownDueAt: nullable(instant),
                overdue: z.boolean(),
                acceptedCount: z.int(),
                requiredCount: z.int(),
                escalationLevel: z.int(),
                suspended: z.boolean(),
                closedAt: nullable(instant),
                submissions: z.array(z.object({ seq: z.int(), at: instant, summary: z.string(), attachments: z.array(Evidence) })),
                reviews: z.array(z.object({ seq: z.int(), at: instant, type: z.enum(['VERIFY_PASS', 'VERIFY_FAIL']), text: z.string() })),
              }),
            ),
          }),
        ),
      }),
    ),
  }),
  'One unit\'s duties of the published list: each obligation\'s periods, their cases, the evidence sent and the reviewers\' answers.',
);

export const Health = named('Health', z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['up', 'down']), settings: z.enum(['loaded', 'loading']) }));

/** Which codes each status can carry (the exhaustive map of the exception filter). */
export const PROBLEM_CODES: Record<number, ErrorCode[]> = {
  400: [ErrorCode.VALIDATION_FAILED],
  401: [ErrorCode.UNAUTHENTICATED],
  403: [ErrorCode.FORBIDDEN],
  404: [ErrorCode.NOT_FOUND],
  409: [ErrorCode.INVALID_TRANSITION, ErrorCode.VERSION_CONFLICT, ErrorCode.VALIDATION_FAILED],
  413: [ErrorCode.VALIDATION_FAILED],
  415: [ErrorCode.VALIDATION_FAILED],
  422: [ErrorCode.IDEMPOTENCY_MISMATCH, ErrorCode.VALIDATION_FAILED],
  429: [ErrorCode.RATE_LIMITED],
  500: [ErrorCode.INTERNAL],
  503: [ErrorCode.UNAVAILABLE],
};

export const Problem = named(
  'Problem',
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.int(),
      code: z.enum(ErrorCode),
      detail: z.string(),
      errors: z
        .array(
          z.object({
            field: z.string(),
            code: z.enum(FIELD_ERROR_CODES).meta({ description: 'stable: map this, not the message' }),
            message: z.string().meta({ description: 'in English, for people and logs' }),
          }),
        )
        .optional(),
      errorId: uuid.optional(),
      allowedEvents: z.array(z.string()).optional().meta({ description: 'INVALID_TRANSITION: the events the state accepts' }),
      state: z.string().optional(),
      rule: z.enum(['role', 'four-eyes', 'unit-scope', 'system-only', 'reviewer']).optional().meta({ description: 'FORBIDDEN: the rule that refused' }),
      requiredRoles: z.array(Role).optional(),
      currentVersion: z.int().optional().meta({ description: 'VERSION_CONFLICT: the version to reload' }),
      contentVersion: z.int().optional().meta({ description: 'VERSION_CONFLICT on a case: the version of its last change of state or fields (an If-Match from it on is fresh)' }),
      retryAfterSeconds: z.int().optional(),
      report: LedgerImportReport.optional().meta({ description: 'a ledger import refused for its rows (422): what is wrong with each' }),
      earlierImport: LedgerImport.optional().meta({ description: 'a ledger file imported before (409)' }),
    })
    .loose(),
  'An RFC 9457 problem: `code` is stable, `detail` is for people, `errors` name the fields.',
);
