import { UnitEntity } from '../../identity/src/persistence/unit.entity';
import { UserEntity } from '../../identity/src/persistence/user.entity';

/** Every TypeORM entity, registered on the one data source (the composition root of the schema). */
export const entities: Function[] = [UnitEntity, UserEntity];
