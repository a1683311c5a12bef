import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { KanavaConfig } from '@kanava/common';
import { LoginDto, PreloginDto } from '../dto/auth.dto';
import { AuthService, LoginAnswer, PreloginAnswer } from './auth.service';
import { SESSION_COOKIE } from './cookies';
import { CurrentStaff, Public, Roles, StaffActor } from './decorators';
import { SessionService } from './session.service';

@ApiTags('staff authentication')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly config: KanavaConfig,
  ) {}

  @Public()
  @Post('prelogin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Salt and KDF parameters for deriving the KEK and authKey in the browser' })
  prelogin(@Body() dto: PreloginDto): Promise<PreloginAnswer> {
    return this.auth.prelogin(dto.email);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with the password-derived authKey; answers the wrapped key bundle and sets the session cookie' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) res: Response): Promise<LoginAnswer> {
    const { answer, token } = await this.auth.login(dto.email, dto.authKey);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: '/api',
      maxAge: this.config.sessionMaxHours * 3600_000,
    });
    return answer;
  }

  @Roles('admin', 'handler', 'custodian', 'auditor')
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session' })
  async logout(@CurrentStaff() actor: StaffActor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.end(actor.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
  }

  @Roles('admin', 'handler', 'custodian', 'auditor')
  @Get('me')
  @ApiOperation({ summary: 'The signed-in staff member and their wrapped key bundle' })
  me(@CurrentStaff() actor: StaffActor): Promise<LoginAnswer> {
    return this.auth.me(actor.userId);
  }
}
