import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID, Matches } from 'class-validator';
import { booleanQuery } from '../cases/dto/list-cases.query';

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export class EvidenceBundleQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one case (or unitId)' })
  @IsOptional()
  @IsUUID(undefined, { message: 'caseId must be a case id' })
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the cases this unit handles that have an event in [from, to)' })
  @IsOptional()
  @IsUUID(undefined, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'with unitId: a day (Asia/Shanghai) or an instant' })
  @IsOptional()
  @Matches(DAY_OR_INSTANT, { message: 'from must be a date (2026-01-01) or an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2027-01-01', description: 'with unitId: exclusive' })
  @IsOptional()
  @Matches(DAY_OR_INSTANT, { message: 'to must be a date (2027-01-01) or an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'include the attachments\u2019 files, not only their hashes' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'files must be true or false' })
  files?: boolean;
}
