import { CaseEventEntity } from '../../audit/src/persistence/case-event.entity';
import { OutboxEntity } from '../../audit/src/persistence/outbox.entity';
import { CaseEntity } from '../../cases/src/persistence/case.entity';
import { IdempotencyKeyEntity } from '../../cases/src/persistence/idempotency-key.entity';
import { CalendarYearEntity, CaseTimerEntity, SlaPolicyEntity } from '../../escalation/src/persistence/escalation.entities';
import { UnitEntity } from '../../identity/src/persistence/unit.entity';
import { UserEntity } from '../../identity/src/persistence/user.entity';

/** Every TypeORM entity, registered on the one data source (the composition root of the schema). */
export const entities: Function[] = [
  UnitEntity,
  UserEntity,
  CaseEntity,
  CaseEventEntity,
  OutboxEntity,
  IdempotencyKeyEntity,
  CaseTimerEntity,
  SlaPolicyEntity,
  CalendarYearEntity,
];
