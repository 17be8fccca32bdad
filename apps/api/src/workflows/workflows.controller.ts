import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
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

  /** The latest version, or `?version=N` for cases still on an older one. */
  @Get(':kind')
  get(@Param('kind') kind: string, @Query('version') version?: string) {
    if (!(CASE_KINDS as readonly string[]).includes(kind)) throw DomainError.notFound(`workflow ${kind}`);
    const versions = this.registry.versions(kind as CaseKind);
    if (version === undefined) return describe(this.registry.latest(kind as CaseKind), versions);
    if (!/^\d{1,4}$/.test(version)) throw DomainError.validation([{ field: 'version', message: 'must be a version number' }]);
    if (!versions.includes(Number(version))) throw DomainError.notFound(`workflow ${kind} v${version}`);
    return describe(this.registry.get(kind as CaseKind, Number(version)), versions);
  }
}
