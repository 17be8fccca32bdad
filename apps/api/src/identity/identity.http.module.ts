import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '../http/auth.guard';
import { AuthController } from './auth.controller';
import { UnitsController } from './units.controller';
import { UsersController } from './users.controller';

@Module({
  controllers: [AuthController, UnitsController, UsersController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class IdentityHttpModule {}
