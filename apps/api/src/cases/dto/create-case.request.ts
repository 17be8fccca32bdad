import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { Omittable } from '../../http/omittable.decorator';
import { CHANNELS, PRIORITIES, RECTIFICATION_CATEGORIES, RECTIFICATION_SOURCES, REQUEST_TYPES } from '@app/cases';
import { TEXT_MAX, TITLE_MAX } from '@app/workflow';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Free text of 1..max characters after trimming (cases are read by people; blank is not text). */
const text = (max: number, doc: ApiPropertyOptions = {}) =>
  applyDecorators(ApiProperty({ maxLength: max, ...doc }), trim(), IsString(), Length(1, max));
const optionalText = (max: number, doc: ApiPropertyOptions = {}) =>
  applyDecorators(ApiPropertyOptional({ maxLength: max, ...doc }), Omittable(), trim(), IsString(), Length(1, max));
const oneOf = (values: readonly string[]) => IsIn(values, { message: `$property must be one of: ${values.join(', ')}` });
const DEADLINE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export class CreateRectificationCaseRequest {
  @ApiProperty({ enum: ['rectification'] })
  @Equals('rectification')
  kind!: 'rectification';

  @text(TITLE_MAX, { example: '违规发放津贴补贴问题' })
  title!: string;

  @text(TEXT_MAX, { description: '问题描述' })
  description!: string;

  @ApiProperty({ enum: RECTIFICATION_SOURCES })
  @oneOf(RECTIFICATION_SOURCES)
  source!: (typeof RECTIFICATION_SOURCES)[number];

  @ApiPropertyOptional({ enum: RECTIFICATION_CATEGORIES })
  @Omittable()
  @oneOf(RECTIFICATION_CATEGORIES)
  category?: (typeof RECTIFICATION_CATEGORIES)[number];

  @optionalText(TEXT_MAX, { description: '整改措施' })
  measures?: string;

  @optionalText(100, { description: '责任人' })
  responsiblePerson?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '责任单位' })
  @Omittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'the item’s own deadline: a date (end of that day, Asia/Shanghai) or an ISO date-time' })
  @Omittable()
  @IsString()
  @Matches(DEADLINE, { message: 'dueAt must be a date (YYYY-MM-DD) or an ISO date-time with offset' })
  dueAt?: string;
}

export class CreateHotlineCaseRequest {
  @ApiProperty({ enum: ['hotline'] })
  @Equals('hotline')
  kind!: 'hotline';

  @text(TITLE_MAX, { example: '小区路灯不亮' })
  title!: string;

  @text(TEXT_MAX)
  content!: string;

  @text(50)
  callerName!: string;

  @ApiProperty({ example: '13812345678' })
  @IsString()
  @Matches(/^\+?[0-9][0-9 -]{5,19}$/, { message: 'callerPhone must be a phone number (digits, spaces or dashes)' })
  callerPhone!: string;

  @ApiProperty({ enum: REQUEST_TYPES })
  @oneOf(REQUEST_TYPES)
  requestType!: (typeof REQUEST_TYPES)[number];

  @ApiProperty({ enum: PRIORITIES })
  @oneOf(PRIORITIES)
  priority!: (typeof PRIORITIES)[number];

  @ApiProperty({ enum: CHANNELS })
  @oneOf(CHANNELS)
  channel!: (typeof CHANNELS)[number];
}

export class CreateAccountabilityCaseRequest {
  @ApiProperty({ enum: ['accountability'] })
  @Equals('accountability')
  kind!: 'accountability';

  @text(TITLE_MAX)
  title!: string;

  @text(TEXT_MAX)
  description!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID()
  parentCaseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID()
  targetUnitId?: string;

  @optionalText(100)
  targetPerson?: string;
}

export const CREATE_CASE_REQUESTS = {
  rectification: CreateRectificationCaseRequest,
  hotline: CreateHotlineCaseRequest,
  accountability: CreateAccountabilityCaseRequest,
} as const;

export type CreateCaseRequest = CreateRectificationCaseRequest | CreateHotlineCaseRequest | CreateAccountabilityCaseRequest;
