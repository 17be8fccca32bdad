import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LoginService } from '@app/identity';
import { Public } from '../http/auth.decorators';
import { LoginRequest } from './dto/login.request';
import { ApiContract } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly logins: LoginService) {}

  @Public()
  @Post('login')
  @ApiContract({ summary: 'Sign in with username and password', response: S.LoginResult, body: true, public: true, errors: [401, 429] })
  @HttpCode(200)
  login(@Body() body: LoginRequest, @Req() req: Request) {
    return this.logins.login(body.username, body.password, req.ip ?? 'unknown');
  }
}
