import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UnitService, UserService } from '@app/identity';
import type { Actor, ChangeContext } from '@app/workflow';
import { ChangedBy, CurrentActor, Roles } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { CreateUnitRequest, UpdateUnitRequest } from './dto/unit.request';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitService,
    private readonly users: UserService,
  ) {}

  @Get()
  @ApiContract({ summary: 'The unit tree', response: S.UnitTree })
  tree() {
    return this.units.tree();
  }

  /** Whom a case of this unit can be given to (承办人): its active users and those of its sub-units, by name. */
  @Get(':id/users')
  @ApiContract({ summary: 'The active users of a unit and its sub-units (assignee picker)', response: S.UnitUserList, errors: [404] })
  async usersOf(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return { items: await this.users.assignableIn(actor, id), nextCursor: null };
  }

  @Roles('admin')
  @Post()
  @ApiContract({ summary: 'Create a unit', status: 201, response: S.Unit, body: true, errors: [404, 409] })
  create(@Body() body: CreateUnitRequest, @ChangedBy() by: ChangeContext) {
    return this.units.create(body, by);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiContract({ summary: 'Rename or move a unit', response: S.Unit, body: true, errors: [404, 409] })
  update(@Param('id', uuidPipe) id: string, @Body() body: UpdateUnitRequest, @ChangedBy() by: ChangeContext) {
    return this.units.update(id, body, by);
  }

  @Roles('admin')
  @Delete(':id')
  @ApiContract({ summary: 'Delete a unit without sub-units, users or cases', status: 204, response: null, errors: [404, 409] })
  @HttpCode(204)
  delete(@Param('id', uuidPipe) id: string, @ChangedBy() by: ChangeContext) {
    return this.units.delete(id, by);
  }
}
