import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TimerRepository } from '@app/escalation';
import { DomainError } from '@app/workflow';
import { Roles } from '../http/auth.decorators';

const STATUSES = ['pending', 'paused', 'fired', 'cancelled', 'parked'] as const;

export class TimerListQuery {
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of: ${STATUSES.join(', ')}` })
  status?: (typeof STATUSES)[number];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/timers')
export class TimersController {
  constructor(private readonly timers: TimerRepository) {}

  @Get()
  async list(@Query() query: TimerListQuery) {
    return { items: await this.timers.list(query.status ?? 'parked', query.limit ?? 100), nextCursor: null };
  }

  /** Puts a parked timer back in the queue once its cause is fixed. */
  @Post(':id/retry')
  @HttpCode(204)
  async retry(@Param('id') id: string) {
    if (!/^\d{1,18}$/.test(id)) throw DomainError.validation([{ field: 'id', message: 'must be a timer id' }]);
    if (!(await this.timers.retry(id))) throw DomainError.notFound('parked timer');
  }
}
