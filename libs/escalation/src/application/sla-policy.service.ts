import { Injectable } from '@nestjs/common';
import { CaseKind, createDefaultRegistry, DomainError, parseOrThrow, statePaths } from '@app/workflow';
import { SlaPolicy, SlaRule, slaRulesSchema } from '../domain/sla-policy';
import { SlaPolicyRepository } from '../persistence/sla-policy.repository';

const TTL_MS = 10_000;
const registry = createDefaultRegistry();
const rulesSchema = slaRulesSchema((kind: CaseKind) => statePaths(registry.latest(kind).machine));

/**
 * The versioned SLA policy. A change applies to timers written afterwards; timers already
 * pending keep their due time.
 */
@Injectable()
export class SlaPolicyService {
  private cached?: { policy: Promise<SlaPolicy>; at: number };

  constructor(private readonly policies: SlaPolicyRepository) {}

  current(): Promise<SlaPolicy> {
    if (!this.cached || Date.now() - this.cached.at > TTL_MS) {
      const policy = this.policies.current();
      this.cached = { policy, at: Date.now() };
      policy.catch(() => (this.cached = undefined));
    }
    return this.cached.policy;
  }

  async publish(body: unknown, by: string): Promise<SlaPolicy> {
    const rules = (body as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(rules)) throw DomainError.validation([{ field: 'rules', message: 'must be a list of rules' }]);
    const parsed = parseOrThrow(rulesSchema, rules, 'rules');
    const published = await this.policies.publish(parsed as SlaRule[], by);
    this.cached = undefined;
    return published;
  }
}
