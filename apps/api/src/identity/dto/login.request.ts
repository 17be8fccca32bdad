import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'inspector' })
  @IsString()
  @Length(1, 100)
  username!: string;

  @ApiProperty({ example: 'rectify-demo' })
  @IsString()
  @Length(1, 200)
  password!: string;
}
