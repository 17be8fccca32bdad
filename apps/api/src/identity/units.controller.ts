import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UnitService } from '@app/identity';
import { Roles } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { CreateUnitRequest, UpdateUnitRequest } from './dto/unit.request';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitService) {}

  @Get()
  tree() {
    return this.units.tree();
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateUnitRequest) {
    return this.units.create(body);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param('id', uuidPipe) id: string, @Body() body: UpdateUnitRequest) {
    return this.units.update(id, body);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id', uuidPipe) id: string) {
    return this.units.delete(id);
  }
}
