import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UserService } from '@app/identity';
import { Roles } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { CreateUserRequest, UpdateUserRequest } from './dto/user.request';
import { toUserResponse } from './dto/user.response';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get()
  async list() {
    return { items: (await this.users.list()).map(toUserResponse), nextCursor: null };
  }

  @Post()
  async create(@Body() body: CreateUserRequest) {
    return toUserResponse(await this.users.create(body));
  }

  @Patch(':id')
  async update(@Param('id', uuidPipe) id: string, @Body() body: UpdateUserRequest) {
    return toUserResponse(await this.users.update(id, body));
  }
}
