import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { REPORT_KINDS } from '@app/reports';
import { booleanQuery } from '../cases/dto/list-cases.query';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A period ([from, to) in Asia/Shanghai days) and which units. */
export class ReportPeriodQuery {
  @ApiProperty({ example: '2026-11-01', description: 'first day (Asia/Shanghai), included' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-12-01', description: 'day after the last (Asia/Shanghai), excluded' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one unit (with its sub-units) instead of every unit the caller may see' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'sub-units rolled up into their department' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'rollup must be true or false' })
  rollup?: boolean;
}

/** A report's period, units, and the kind of work assessed. */
export class UnitReportQuery extends ReportPeriodQuery {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS, { message: `kind must be one of: ${REPORT_KINDS.join(', ')}` })
  kind!: (typeof REPORT_KINDS)[number];
}

export class RankingQuery extends UnitReportQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 3, description: 'how many units the 红榜 and the 黑榜 each name' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  top?: number;
}
