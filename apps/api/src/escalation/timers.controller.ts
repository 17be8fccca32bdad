import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { ParkedTimersService, TIMER_STATUSES, TimerStatus } from '@app/escalation';
import { ChangedBy, Roles } from '../http/auth.decorators';
import type { ChangeContext } from '@app/workflow';
import { Omittable } from '../http/omittable.decorator';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

export class TimerListQuery {
  @ApiPropertyOptional({ enum: TIMER_STATUSES, default: 'parked' })
  @Omittable()
  @IsIn(TIMER_STATUSES, { message: `status must be one of: ${TIMER_STATUSES.join(', ')}` })
  status?: TimerStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class TimerParams {
  @ApiProperty({ example: '42' })
  @Matches(/^\d{1,18}$/, { message: 'id must be a timer id' })
  id!: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/timers')
export class TimersController {
  constructor(private readonly timers: ParkedTimersService) {}

  @Get()
  @ApiContract({ summary: 'Timers by status (parked by default)', response: S.TimerPage })
  list(@Query() query: TimerListQuery) {
    return this.timers.list(query.status, query.limit);
  }

  /** Puts a parked timer back in the queue once its cause is fixed. */
  @Post(':id/retry')
  @ApiContract({ summary: 'Put a parked timer back in the queue', status: 204, response: null, errors: [404] })
  @HttpCode(204)
  retry(@Param() params: TimerParams, @ChangedBy() by: ChangeContext) {
    return this.timers.retry(params.id, by);
  }
}
