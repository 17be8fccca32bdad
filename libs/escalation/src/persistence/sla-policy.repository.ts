import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { SlaPolicy, SlaRule } from '../domain/sla-policy';

@Injectable()
export class SlaPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest version; `lock` holds it until the caller's transaction ends, so publishes go one at a time. */
  async current(runner?: QueryRunner, options: { lock?: boolean } = {}): Promise<SlaPolicy> {
    const [row]: SlaPolicy[] = await (runner ?? this.dataSource).query(
      `SELECT version, rules, created_at AS "createdAt", created_by AS "createdBy" FROM sla_policies ORDER BY version DESC LIMIT 1${options.lock ? ' FOR UPDATE' : ''}`,
    );
    if (!row) throw new Error('no SLA policy: migrations not applied?');
    return row;
  }

  /** Stores the rules as the next version; older versions stay for the record. */
  async publish(rules: SlaRule[], by: string, runner?: QueryRunner): Promise<SlaPolicy> {
    const [row]: SlaPolicy[] = await (runner ?? this.dataSource).query(
      `INSERT INTO sla_policies (version, rules, created_by)
       SELECT COALESCE(max(version), 0) + 1, $1, $2 FROM sla_policies
       RETURNING version, rules, created_at AS "createdAt", created_by AS "createdBy"`,
      [JSON.stringify(rules), by],
    );
    return row;
  }
}
