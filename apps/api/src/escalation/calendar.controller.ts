import { Body, Controller, Get, Param, PipeTransform, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { booleanQuery } from '../cases/dto/list-cases.query';
import { CalendarYearLoader } from '@app/cases';
import { CalendarYearsService } from '@app/escalation';
import { type ChangeContext, DomainError } from '@app/workflow';
import { ChangedBy, Roles } from '../http/auth.decorators';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

const YEAR_MESSAGE = 'must be a year between 2000 and 2100, such as 2027';

/** `:year` as a number between 2000 and 2100, or a 400 naming it. */
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(value) || year < 2000 || year > 2100) throw DomainError.validation([{ field: 'year', code: 'invalid_date', message: YEAR_MESSAGE }]);
    return year;
  }
}

export class AddWorkdaysQuery {
  @ApiProperty({ format: 'date', example: '2027-01-29' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ minimum: -1000, maximum: 1000, example: 5 })
  @Type(() => Number)
  @IsInt({ message: 'workdays must be a whole number' })
  @Min(-1000)
  @Max(1000)
  workdays!: number;
}

export class LoadCalendarYearQuery {
  @ApiPropertyOptional({ description: 'check the schedule and say which open deadlines it would move, loading nothing' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class CalendarYearRequest {
  @ApiProperty({
    type: 'array',
    description: 'Days off: dates, or {date, name} so that duties due before a holiday (元旦, 春节, 劳动节, 端午, …) can find it',
    items: {
      oneOf: [
        { type: 'string', format: 'date' },
        { type: 'object', required: ['date', 'name'], properties: { date: { type: 'string', format: 'date' }, name: { type: 'string', maxLength: 20 } } },
      ],
    },
    example: [{ date: '2027-01-01', name: '元旦' }, '2027-02-08'],
  })
  @IsArray()
  holidays!: (string | { date: string; name: string })[];

  @ApiProperty({ type: 'array', items: { type: 'string', format: 'date' }, example: ['2027-02-07'] })
  @IsArray()
  @IsString({ each: true })
  workdays!: string[];
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarYearsService,
    private readonly loader: CalendarYearLoader,
  ) {}

  /** The n-th working day after `from` (Asia/Shanghai), and whether holiday data covered the way there. */
  @Get('add')
  @ApiContract({ summary: 'The n-th working day after a date', response: S.WorkdaySum })
  add(@Query() query: AddWorkdaysQuery) {
    return this.calendars.addWorkdays(query.from, query.workdays);
  }

  @Get(':year')
  @ApiContract({ summary: "A year's holidays and adjusted working days", response: S.CalendarYear })
  year(@Param('year', YearPipe) year: number) {
    return this.calendars.year(year);
  }

  /**
   * Loads or overrides a year's official schedule (国务院办公厅 notice): holidays off, adjusted
   * working days on. Open deadlines counted in working days are computed again on it; with
   * dryRun, only says which would move.
   */
  @Roles('admin')
  @Put(':year')
  @ApiContract({ summary: "Load or override a year's official schedule (re-plans the open deadlines it moves), or preview it", response: S.CalendarYearLoadResult, body: true })
  load(@ChangedBy() by: ChangeContext, @Param('year', YearPipe) year: number, @Body() body: CalendarYearRequest, @Query() query: LoadCalendarYearQuery) {
    return query.dryRun ? this.loader.preview(year, body) : this.loader.load(year, body, by);
  }
}
