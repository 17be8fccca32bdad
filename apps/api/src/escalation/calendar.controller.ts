import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { CalendarService } from '@app/escalation';
import { Actor, DomainError } from '@app/workflow';
import { CurrentActor, Roles } from '../http/auth.decorators';

const yearPipe = new ParseIntPipe({
  exceptionFactory: () => DomainError.validation([{ field: 'year', message: 'must be a year such as 2027' }]),
});

export class AddWorkdaysQuery {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @Type(() => Number)
  @IsInt({ message: 'workdays must be a whole number' })
  @Min(-1000)
  @Max(1000)
  workdays!: number;
}

function checkYear(year: number): number {
  if (year < 2000 || year > 2100) throw DomainError.validation([{ field: 'year', message: 'must be between 2000 and 2100' }]);
  return year;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  /** The n-th working day after `from` (Asia/Shanghai), and whether holiday data covered the way there. */
  @Get('add')
  async add(@Query() query: AddWorkdaysQuery) {
    const result = await this.calendars.addWorkdays(query.from, query.workdays).catch((error: unknown) => {
      throw DomainError.validation([{ field: 'from', message: (error as Error).message }]);
    });
    return { date: result.date, calendarComplete: result.calendarComplete };
  }

  @Get(':year')
  year(@Param('year', yearPipe) year: number) {
    return this.calendars.year(checkYear(year));
  }

  /** Loads or overrides a year's official schedule (国务院办公厅 notice): holidays off, adjusted working days on. */
  @Roles('admin')
  @Put(':year')
  @ApiBody({ schema: { type: 'object', required: ['holidays', 'workdays'], properties: { holidays: { type: 'array', items: { type: 'string', format: 'date' } }, workdays: { type: 'array', items: { type: 'string', format: 'date' } } } } })
  load(@CurrentActor() actor: Actor, @Param('year', yearPipe) year: number, @Body() body: unknown) {
    const input = (body ?? {}) as Record<string, unknown>;
    const extra = Object.keys(input).filter((k) => k !== 'holidays' && k !== 'workdays');
    if (typeof body !== 'object' || Array.isArray(body) || extra.length) {
      throw DomainError.validation(extra.length ? extra.map((field) => ({ field, message: 'is not an accepted field' })) : [{ field: 'body', message: 'must be {holidays, workdays}' }]);
    }
    return this.calendars.load(checkYear(year), { holidays: input.holidays, workdays: input.workdays }, actor.id);
  }
}
