import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActorResolver } from './application/actor-resolver.service';
import { LoginService } from './application/login.service';
import { PasswordHasher } from './application/password-hasher.service';
import { TokenService } from './application/token.service';
import { UnitDirectory } from './application/unit-directory.service';
import { UnitService } from './application/unit.service';
import { UserService } from './application/user.service';
import { IDENTITY_ENTITIES } from './identity.entities';
import { IDENTITY_OPTIONS, IdentityOptions } from './identity.options';
import { LoginThrottle } from './persistence/login-throttle';
import { UnitRepository } from './persistence/unit.repository';
import { UserRepository } from './persistence/user.repository';

const services = [
  ActorResolver,
  LoginService,
  PasswordHasher,
  TokenService,
  UnitDirectory,
  UnitService,
  UserService,
  UnitRepository,
  UserRepository,
  LoginThrottle,
];

@Module({})
export class IdentityModule {
  static forRoot(options: IdentityOptions): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES)],
      providers: [{ provide: IDENTITY_OPTIONS, useValue: options }, ...services],
      exports: services,
    };
  }
}
