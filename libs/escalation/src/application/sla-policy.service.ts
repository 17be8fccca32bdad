import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { SettingsVersions, Transactions, VersionedCache } from '@app/database';
import { ADMIN_TRAIL, type AdminTrail, CaseKind, type ChangeContext, DomainError, ErrorCode, MACHINE_REGISTRY, MachineRegistry, parseOrThrow, stateInfos } from '@app/workflow';
import { diffRules, RuleChange, SlaPolicy, SlaRule, slaRulesSchema } from '../domain/sla-policy';
import { SlaPolicyRepository } from '../persistence/sla-policy.repository';
import { TimerRepository } from '../persistence/timer.repository';

export interface SlaPolicyPreview {
  dryRun: true;
  currentVersion: number;
  changes: RuleChange[];
}

/**
 * The versioned SLA policy. A change applies to timers written afterwards; timers already
 * pending keep their due time.
 */
@Injectable()
export class SlaPolicyService implements OnModuleInit {
  private readonly cache: VersionedCache<SlaPolicy>;
  private readonly rulesSchema: ReturnType<typeof slaRulesSchema>;

  constructor(
    private readonly policies: SlaPolicyRepository,
    @Inject(MACHINE_REGISTRY) registry: MachineRegistry,
    private readonly transactions: Transactions,
    @Inject(ADMIN_TRAIL) private readonly trail: AdminTrail,
    settings: SettingsVersions,
    private readonly timers: TimerRepository,
  ) {
    this.cache = settings.cache('sla-policy', () => this.policies.current());
    this.rulesSchema = slaRulesSchema((kind: CaseKind) => stateInfos(registry.latest(kind).machine));
  }

  async onModuleInit(): Promise<void> {
    await this.cache.refresh().catch(() => undefined);
  }

  current(): Promise<SlaPolicy> {
    return this.cache.get();
  }

  /** What publishing `rules` would change (validated as a publish is), without publishing. */
  async preview(rules: readonly unknown[]): Promise<SlaPolicyPreview> {
    const parsed = parseOrThrow(this.rulesSchema, rules, 'rules') as SlaRule[];
    const [current, pending] = await Promise.all([this.policies.current(), this.timers.pendingByRule()]);
    return { dryRun: true, currentVersion: current.version, changes: diffRules(current.rules, parsed, pending) };
  }

  /** The rules are checked against the machines' states here, where the registry is (the edge checks only the shape). */
  async publish(rules: readonly unknown[], by: ChangeContext, baseVersion?: number): Promise<SlaPolicy> {
    const parsed = parseOrThrow(this.rulesSchema, rules, 'rules');
    const published = await this.transactions.run(async (runner) => {
      const before = await this.policies.current(runner, { lock: true });
      if (baseVersion !== undefined && baseVersion !== before.version) {
        throw new DomainError(ErrorCode.VERSION_CONFLICT, `version ${before.version} was published after version ${baseVersion} these rules were edited from; review it and try again`, {
          currentVersion: before.version,
        });
      }
      const policy = await this.policies.publish(parsed as SlaRule[], by.actor.id, runner);
      await this.trail.record(runner, [
        {
          type: 'SLA_POLICY_PUBLISHED',
          subject: { type: 'sla-policy', id: String(policy.version) },
          before: { version: before.version, rules: before.rules },
          after: { version: policy.version, rules: policy.rules },
          ...by,
        },
      ]);
      return policy;
    });
    await this.cache.refresh();
    return published;
  }
}
