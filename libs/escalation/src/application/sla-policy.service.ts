import { Injectable, OnModuleInit } from '@nestjs/common';
import { RefreshingCache } from '@app/database';
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
export class SlaPolicyService implements OnModuleInit {
  private readonly cache: RefreshingCache<SlaPolicy>;

  constructor(private readonly policies: SlaPolicyRepository) {
    this.cache = new RefreshingCache(() => this.policies.current(), TTL_MS);
  }

  async onModuleInit(): Promise<void> {
    await this.cache.refresh().catch(() => undefined);
  }

  current(): Promise<SlaPolicy> {
    return this.cache.get();
  }

  async publish(body: unknown, by: string): Promise<SlaPolicy> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw DomainError.validation([{ field: 'body', message: 'must be {rules: [...]}' }]);
    }
    const extra = Object.keys(body).filter((key) => key !== 'rules');
    if (extra.length) throw DomainError.validation(extra.map((field) => ({ field, message: 'is not an accepted field' })));
    const rules = (body as { rules?: unknown }).rules;
    if (!Array.isArray(rules)) throw DomainError.validation([{ field: 'rules', message: 'must be a list of rules' }]);
    const parsed = parseOrThrow(rulesSchema, rules, 'rules');
    const published = await this.policies.publish(parsed as SlaRule[], by);
    await this.cache.refresh();
    return published;
  }
}
