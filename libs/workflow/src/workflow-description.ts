import { z } from 'zod';
import { CASE_KINDS, type CaseKind } from './case.type';
import { DomainError } from './errors';
import type { CaseMachineDefinition } from './machine-definition.type';
import { machineGraph } from './machine-graph';
import { toMermaid } from './mermaid.util';
import type { MachineRegistry } from './registry';
import { eventFieldLabel } from './payload-labels.constant';
import { eventLabelOf, KIND_LABELS, stateLabel } from './vocabulary.constant';

/** What the trail records beyond an event's own payload (see the transition planner's audit details). */
const RECORDED_WITH: Record<string, string[]> = {
  APPROVE_EXTENSION: ['requestedDueAt', 'previousDueAt'],
  REJECT_EXTENSION: ['requestedDueAt', 'previousDueAt'],
};

/** Every field an event's audit payload may carry, with its Chinese name: the one list the console, CSV and integrators read. */
function payloadLabels(kind: string, type: string, schema: z.ZodType): Record<string, string> {
  const keys = new Set<string>(RECORDED_WITH[type] ?? []);
  const collect = (s: z.ZodType) => {
    const def = (s as { _zod?: { def?: { shape?: object; options?: z.ZodType[] } } })._zod?.def;
    if (def?.shape) for (const key of Object.keys(def.shape)) keys.add(key);
    def?.options?.forEach(collect);
  };
  if (schema) collect(schema);
  return Object.fromEntries([...keys].map((key) => [key, eventFieldLabel(type, key, kind)]));
}

function describe(definition: CaseMachineDefinition, versions: number[]) {
  const graph = machineGraph(definition.machine);
  return {
    kind: definition.kind,
    label: KIND_LABELS[definition.kind],
    version: definition.version,
    versions,
    openRoles: definition.openRoles,
    states: graph.states.map((state) => ({ ...state, label: stateLabel(definition.kind, state.path) })),
    transitions: graph.transitions.map((t) => ({ ...t, roles: definition.policy[t.event]?.roles ?? [], system: definition.policy[t.event]?.system ?? false })),
    events: Object.entries(definition.policy).map(([type, rule]) => ({
      type,
      label: eventLabelOf(definition.kind, type),
      roles: rule.roles,
      unitScoped: rule.unitScoped ?? false,
      reviewerScoped: rule.reviewerScoped ?? false,
      fourEyes: rule.fourEyes ?? false,
      system: rule.system ?? false,
      payloadSchema: z.toJSONSchema(definition.schemas[type], { io: 'input', unrepresentable: 'any' }),
      payloadLabels: payloadLabels(definition.kind, type, definition.schemas[type]),
    })),
    mermaid: toMermaid(definition.machine),
  };
}

export type WorkflowDescription = ReturnType<typeof describe>;

/** Every machine's latest version as data: states, events, who may send them, payload schemas and a diagram. */
export function describeWorkflows(registry: MachineRegistry): { items: WorkflowDescription[]; nextCursor: null } {
  return { items: registry.kinds().map((kind) => describe(registry.latest(kind), registry.versions(kind))), nextCursor: null };
}

/** One kind's latest version, or `version` for cases still on an older one. */
export function describeWorkflow(registry: MachineRegistry, kind: string, version?: number): WorkflowDescription {
  if (!(CASE_KINDS as readonly string[]).includes(kind)) throw DomainError.notFound(`workflow ${kind}`);
  const versions = registry.versions(kind as CaseKind);
  if (version === undefined) return describe(registry.latest(kind as CaseKind), versions);
  if (!versions.includes(version)) throw DomainError.notFound(`workflow ${kind} v${version}`);
  return describe(registry.get(kind as CaseKind, version), versions);
}
