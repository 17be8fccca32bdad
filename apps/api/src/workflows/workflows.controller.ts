import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { MACHINE_REGISTRY } from '@app/cases';
import {
  CASE_KINDS,
  CaseKind,
  CaseMachineDefinition,
  DomainError,
  EVENT_LABELS,
  KIND_LABELS,
  MachineRegistry,
  stateLabel,
  statePaths,
  toMermaid,
} from '@app/workflow';

function describe(definition: CaseMachineDefinition, versions: number[]) {
  return {
    kind: definition.kind,
    label: KIND_LABELS[definition.kind],
    version: definition.version,
    versions,
    openRoles: definition.openRoles,
    states: statePaths(definition.machine).map((path) => ({ path, label: stateLabel(definition.kind, path) })),
    events: Object.entries(definition.policy).map(([type, rule]) => ({
      type,
      label: EVENT_LABELS[type] ?? type,
      roles: rule.roles,
      unitScoped: rule.unitScoped ?? false,
      fourEyes: rule.fourEyes ?? false,
      system: rule.system ?? false,
      payloadSchema: z.toJSONSchema(definition.schemas[type], { io: 'input', unrepresentable: 'any' }),
    })),
    mermaid: toMermaid(definition.machine),
  };
}

/** The machines as data: states, events, who may send them, payload schemas and a diagram. */
@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  constructor(@Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry) {}

  @Get()
  list() {
    return { items: this.registry.kinds().map((kind) => describe(this.registry.latest(kind), this.registry.versions(kind))), nextCursor: null };
  }

  @Get(':kind')
  get(@Param('kind') kind: string) {
    if (!(CASE_KINDS as readonly string[]).includes(kind)) throw DomainError.notFound(`workflow ${kind}`);
    return describe(this.registry.latest(kind as CaseKind), this.registry.versions(kind as CaseKind));
  }
}
