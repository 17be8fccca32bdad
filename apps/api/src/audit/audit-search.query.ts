import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../cases/dto/list-cases.query';

export class AuditSearchQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['cases', 'admin'], default: 'cases', description: 'admin: the admin chain (auditors)' })
  @IsOptional()
  @IsIn(['cases', 'admin'], { message: 'scope must be cases or admin' })
  scope?: 'cases' | 'admin';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: 'a user id, or "system"' })
  @IsOptional()
  @IsString()
  @Matches(/^(system|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'actorId must be a user id or "system"' })
  actorId?: string;

  @ApiPropertyOptional({ description: 'a username (any letter case), a display name (住建局联络员), or "system"; instead of actorId', example: 'officer.zjj' })
  @IsOptional()
  @IsString()
  @Matches(/^[^\p{Cc}]{1,100}$/u, { message: 'actor must be a username or a display name of at most 100 characters' })
  actor?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the unit of the person who acted' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: 'VERIFY_PASS' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z_]{2,40}$/, { message: 'type must be an event type such as VERIFY_PASS' })
  type?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

export class AuditVerifyQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one case; without it every case you can see' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

/** The search's filters for the whole-result CSV (no paging; the admin chain has its own view). */
export class AuditExportQuery extends OmitType(AuditSearchQuery, ['cursor', 'limit', 'scope'] as const) {}
