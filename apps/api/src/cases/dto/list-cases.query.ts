import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CASE_KINDS, TOP_LEVEL_STATES } from '@app/workflow';

export const booleanQuery = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), { toClassOnly: true });

export class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** The filters of GET /api/cases (also used by GET /api/cases/count). */
export class CaseFilterQuery {
  @ApiPropertyOptional({ enum: CASE_KINDS })
  @IsOptional()
  @IsIn(CASE_KINDS, { message: `kind must be one of: ${CASE_KINDS.join(', ')}` })
  kind?: (typeof CASE_KINDS)[number];

  @ApiPropertyOptional({ enum: TOP_LEVEL_STATES })
  @IsOptional()
  @IsIn(TOP_LEVEL_STATES, { message: `state must be one of: ${TOP_LEVEL_STATES.join(', ')}` })
  state?: (typeof TOP_LEVEL_STATES)[number];

  @ApiPropertyOptional({ example: 'rectifying.awaitingVerification' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  stateDetail?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentCaseId?: string;

  @ApiPropertyOptional({ description: 'the cases behind one figure of GET /api/reports/units (its `cells` tokens)' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reportCell?: string;

  @ApiPropertyOptional({ description: 'the obligation cases of one item of a year\'s responsibility list, as YEAR-ITEM (2027-9: item 9 of the 2027 list)', example: '2027-9' })
  @IsOptional()
  @Matches(/^\d{4}-\d{1,3}$/, { message: 'responsibilityItem must be YEAR-ITEM, such as 2027-9' })
  responsibilityItem?: string;

  @ApiPropertyOptional({ description: 'past the current deadline and not closed' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'suspended must be true or false' })
  suspended?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3)
  escalationLevel?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 3, description: 'the highest level the case ever reached' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3)
  maxEscalationLevel?: number;

  @ApiPropertyOptional({ description: 'any escalation level above 0, or an open accountability case about it' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'escalated must be true or false' })
  escalated?: boolean;

  @ApiPropertyOptional({ description: 'an accountability case (问责) about it is open; only those who may see accountability cases find any' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'openAccountability must be true or false' })
  openAccountability?: boolean;

  @ApiPropertyOptional({ description: 'returned by the unit (退回) and waiting to be assigned again' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'returned must be true or false' })
  returned?: boolean;

  @ApiPropertyOptional({ description: 'an extension request awaits a supervisor' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'extensionPending must be true or false' })
  extensionPending?: boolean;

  @ApiPropertyOptional({ description: 'sent back at least once (验收不通过, 重办)' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'rework must be true or false' })
  rework?: boolean;

  @ApiPropertyOptional({ description: 'searches code and title' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  text?: string;
}

export class ListCasesQuery extends IntersectionType(CaseFilterQuery, PageQuery) {}
