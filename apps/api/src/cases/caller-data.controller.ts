import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { CallerDataService } from '@app/cases';
import type { Actor, ChangeContext } from '@app/workflow';
import { ChangedBy, CurrentActor, Roles } from '../http/auth.decorators';
import { uuidPipe } from '../http/uuid.pipe';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

export class CallerErasureRequest {
  @ApiProperty({ minLength: 4, maxLength: 500, example: '保存期限届满（结案满 3 年）', description: 'the lawful ground, recorded in the admin chain' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(4, 500, { message: 'reason must be 4 to 500 characters: the lawful ground of the erasure' })
  reason!: string;
}

/** A hotline caller's name and phone, erased when the law says so; the trail stays valid. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CallerDataController {
  constructor(private readonly callers: CallerDataService) {}

  /** The full name and number for the handling unit's officers; every view is recorded (PERSONAL_DATA_VIEWED). */
  @Post(':id/caller-data/views')
  @HttpCode(200)
  @ApiContract({
    summary: "Show a hotline order's full caller name and phone to the officers of the unit handling it; recorded as PERSONAL_DATA_VIEWED",
    response: S.CallerReveal,
    errors: [403, 404, 409],
  })
  reveal(@CurrentActor() actor: Actor, @ChangedBy() by: ChangeContext, @Param('id', uuidPipe) id: string) {
    return this.callers.reveal(actor, id, by);
  }

  @Post(':id/caller-data/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiContract({
    summary: "Erase a closed hotline order's caller name and phone (the chain keeps only their commitments); recorded as PERSONAL_DATA_ERASED",
    response: S.CallerErasure,
    body: true,
    errors: [404, 409],
  })
  erase(@CurrentActor() actor: Actor, @ChangedBy() by: ChangeContext, @Param('id', uuidPipe) id: string, @Body() body: CallerErasureRequest) {
    return this.callers.erase(actor, id, body.reason, by);
  }
}
