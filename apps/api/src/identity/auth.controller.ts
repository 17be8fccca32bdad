import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LoginService } from '@app/identity';
import { Public } from '../http/auth.decorators';
import { LoginRequest } from './dto/login.request';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly logins: LoginService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginRequest, @Req() req: Request) {
    return this.logins.login(body.username, body.password, req.ip ?? 'unknown');
  }
}
