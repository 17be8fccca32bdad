import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, Matches, ValidateIf } from 'class-validator';
import { NoticeService } from '@app/cases';
import { type Actor, DomainError } from '@app/workflow';
import { CurrentActor } from '../http/auth.decorators';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';
import { booleanQuery, PageQuery } from './dto/list-cases.query';

export class NoticeQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only notices not yet read' })
  @IsOptional()
  @booleanQuery()
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class MarkNoticesRequest {
  @ApiPropertyOptional({ type: [String], description: 'notice ids to mark read', maxItems: 200 })
  @ValidateIf((o: MarkNoticesRequest) => o.all !== true)
  @IsArray({ message: 'ids must be a list of notice ids, or send all: true' })
  @ArrayMaxSize(200)
  @Matches(/^\d{1,19}$/, { each: true, message: 'each id must be a notice id' })
  ids?: string[];

  @ApiPropertyOptional({ description: 'mark every notice up to now read' })
  @IsOptional()
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;
}

/** In-app notices: what concerns the signed-in person, from the trail (assigned, returned, awaiting them, 预警/超期/催办/督办). */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticeService) {}

  @Get()
  @ApiContract({ summary: "The signed-in person's notices, newest first (last 30 days)", response: S.NoticePage })
  list(@CurrentActor() actor: Actor, @Query() query: NoticeQuery) {
    return this.notices.list(actor, { unread: query.unread, cursor: query.cursor, limit: query.limit ?? 20 });
  }

  @Get('count')
  @ApiContract({ summary: 'How many notices are unread (at most 100)', response: S.NoticeCount })
  async count(@CurrentActor() actor: Actor) {
    return { unread: await this.notices.unread(actor) };
  }

  @Post('read')
  @HttpCode(200)
  @ApiContract({ summary: 'Mark notices read, or all of them', response: S.NoticeCount, body: true })
  read(@CurrentActor() actor: Actor, @Body() body: MarkNoticesRequest) {
    if (body.all !== true && !body.ids?.length) throw DomainError.validation([{ field: 'ids', code: 'required', message: 'name the notices to mark read, or send all: true' }]);
    return this.notices.markRead(actor, body);
  }
}
