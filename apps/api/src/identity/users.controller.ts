import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UserService } from '@app/identity';
import type { ChangeContext } from '@app/workflow';
import { ChangedBy, Roles } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { CreateUserRequest, UpdateUserRequest } from './dto/user.request';
import { toUserResponse } from './dto/user.response';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get()
  @ApiContract({ summary: 'Every user', response: S.UserPage })
  async list() {
    return { items: (await this.users.list()).map(toUserResponse), nextCursor: null };
  }

  @Post()
  @ApiContract({ summary: 'Create a user', status: 201, response: S.User, body: true, errors: [409] })
  async create(@Body() body: CreateUserRequest, @ChangedBy() by: ChangeContext) {
    return toUserResponse(await this.users.create(body, by));
  }

  @Patch(':id')
  @ApiContract({ summary: "Change a user's name, unit, roles, password or active flag", response: S.User, body: true, errors: [404] })
  async update(@Param('id', uuidPipe) id: string, @Body() body: UpdateUserRequest, @ChangedBy() by: ChangeContext) {
    return toUserResponse(await this.users.update(id, body, by));
  }
}
