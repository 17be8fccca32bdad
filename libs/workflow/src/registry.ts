import type { CaseKind, PersistedSnapshot } from './case.type';
import { ACCOUNTABILITY_EVENT_SCHEMAS, HOTLINE_EVENT_SCHEMAS, OBLIGATION_EVENT_SCHEMAS, RECTIFICATION_EVENT_SCHEMAS, SYSTEM_EVENT_SCHEMAS } from './events/case-event.schemas';
import type { CaseMachineDefinition } from './machine-definition.type';
import { accountabilityMachine } from './machines/accountability.machine';
import { hotlineMachine } from './machines/hotline.machine';
import { obligationMachine } from './machines/obligation.machine';
import { rectificationMachine } from './machines/rectification.machine';
import { accountabilityPolicy, hotlinePolicy, obligationPolicy, rectificationPolicy } from './policy/case-event.policy';

/**
 * Every machine by kind and version. New cases start on the latest version; a case keeps the
 * version it was opened with until it is migrated explicitly.
 */
export class MachineRegistry {
  private readonly byKind = new Map<CaseKind, Map<number, CaseMachineDefinition>>();

  register(definition: CaseMachineDefinition): this {
    const versions = this.byKind.get(definition.kind) ?? new Map<number, CaseMachineDefinition>();
    if (versions.has(definition.version)) throw new Error(`${definition.kind} v${definition.version} is already registered`);
    versions.set(definition.version, definition);
    this.byKind.set(definition.kind, versions);
    return this;
  }

  kinds(): CaseKind[] {
    return [...this.byKind.keys()];
  }

  versions(kind: CaseKind): number[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])].sort((a, b) => a - b);
  }

  latest(kind: CaseKind): CaseMachineDefinition {
    const versions = this.versions(kind);
    if (!versions.length) throw new Error(`no machine registered for ${kind}`);
    return this.get(kind, versions[versions.length - 1]);
  }

  get(kind: CaseKind, version: number): CaseMachineDefinition {
    const definition = this.byKind.get(kind)?.get(version);
    if (!definition) throw new Error(`no machine ${kind} v${version}`);
    return definition;
  }

  /** Applies each version's migration in turn, from `fromVersion` up to `toVersion` (default: latest). */
  migrate(kind: CaseKind, snapshot: PersistedSnapshot, fromVersion: number, toVersion = this.latest(kind).version) {
    let current = snapshot;
    let version = fromVersion;
    while (version < toVersion) {
      const next = this.byKind.get(kind)?.get(version + 1);
      if (!next?.migrateFrom || next.migrateFrom.fromVersion !== version) {
        throw new Error(`no migration of ${kind} from v${version} to v${version + 1}`);
      }
      current = next.migrateFrom.migrate(current);
      version = next.version;
    }
    return { snapshot: current, version };
  }
}

export const rectificationV1: CaseMachineDefinition = {
  kind: 'rectification',
  version: 1,
  machine: rectificationMachine,
  policy: rectificationPolicy,
  schemas: { ...RECTIFICATION_EVENT_SCHEMAS, ...SYSTEM_EVENT_SCHEMAS },
  openRoles: ['inspector', 'supervisor'],
};

export const hotlineV1: CaseMachineDefinition = {
  kind: 'hotline',
  version: 1,
  machine: hotlineMachine,
  policy: hotlinePolicy,
  schemas: { ...HOTLINE_EVENT_SCHEMAS, ...SYSTEM_EVENT_SCHEMAS },
  openRoles: ['hotline_agent', 'inspector'],
};

export const accountabilityV1: CaseMachineDefinition = {
  kind: 'accountability',
  version: 1,
  machine: accountabilityMachine,
  policy: accountabilityPolicy,
  schemas: { ...ACCOUNTABILITY_EVENT_SCHEMAS, ...SYSTEM_EVENT_SCHEMAS },
  openRoles: ['inspector', 'supervisor'],
};

/** Nobody opens an obligation by hand: publishing the responsibility list does. */
export const obligationV1: CaseMachineDefinition = {
  kind: 'obligation',
  version: 1,
  machine: obligationMachine,
  policy: obligationPolicy,
  schemas: { ...OBLIGATION_EVENT_SCHEMAS, ...SYSTEM_EVENT_SCHEMAS },
  openRoles: [],
};

export function createDefaultRegistry(): MachineRegistry {
  return new MachineRegistry().register(rectificationV1).register(hotlineV1).register(accountabilityV1).register(obligationV1);
}

/** The injection token of the one registry every module reads (provided by WorkflowModule). */
export const MACHINE_REGISTRY = Symbol('MACHINE_REGISTRY');
