import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UnitService } from '@app/identity';
import type { ChangeContext } from '@app/workflow';
import { ChangedBy, Roles } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { CreateUnitRequest, UpdateUnitRequest } from './dto/unit.request';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitService) {}

  @Get()
  @ApiContract({ summary: 'The unit tree', response: S.UnitTree })
  tree() {
    return this.units.tree();
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
