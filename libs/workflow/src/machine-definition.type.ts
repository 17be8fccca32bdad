import type { AnyStateMachine } from 'xstate';
import type { Role } from './actor';
import type { CaseKind, EventPolicy, PersistedSnapshot } from './case.type';
import type { EventSchemas } from './events/case-event.schemas';

/** One version of one case kind: its machine, who may send what, and what each payload holds. */
export interface CaseMachineDefinition {
  kind: CaseKind;
  version: number;
  machine: AnyStateMachine;
  policy: EventPolicy;
  /** Payload schemas of every event the machine accepts, system events included. */
  schemas: EventSchemas;
  /** Roles that may open a case of this kind by hand. */
  openRoles: readonly Role[];
  /** Moves a snapshot of `fromVersion` (the previous version) to this version. */
  migrateFrom?: { fromVersion: number; migrate(snapshot: PersistedSnapshot): PersistedSnapshot };
}
