import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { Omittable } from '../../http/omittable.decorator';

const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const CODE_MESSAGE = 'code must be 1–40 lower-case letters, digits or dashes, starting with a letter or digit';

export class CreateUnitRequest {
  @ApiProperty({ example: 'zjj-cj' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: '县住建局城建股' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class UpdateUnitRequest {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'false deactivates the unit (refused while it has active users, active sub-units or open cases); true reactivates it' })
  @Omittable()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null makes the unit a root' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}
