import { UnitEntity } from './persistence/unit.entity';
import { UserEntity } from './persistence/user.entity';

/** The tables this context reads through TypeORM repositories; the apps register them on their data source. */
export const IDENTITY_ENTITIES: Function[] = [UnitEntity, UserEntity];
