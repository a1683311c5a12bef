import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { KanavaConfig } from '@kanava/common';
import { ChangePasswordDto, LoginDto, PreloginDto, RecoveryBundleDto, RecoveryResetDto } from '../dto/auth.dto';
import { AuthService, LoginAnswer, PreloginAnswer } from './auth.service';
import { SESSION_COOKIE, STAFF_CLEAR_SITE_DATA } from './cookies';
import { ALL_STAFF_ROLES, CurrentStaff, Public, Roles, StaffActor } from '@kanava/access';

@ApiTags('staff authentication')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
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
  @ApiOperation({
    summary: 'Sign in with the password-derived authKey and a TOTP or backup code; answers the wrapped key bundle and a CSRF token, sets the session cookie',
  })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) res: Response): Promise<LoginAnswer> {
    const { answer, token } = await this.auth.login(dto.email, dto.authKey, dto);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: '/api',
      maxAge: this.config.sessionMaxHours * 3600_000,
    });
    return answer;
  }

  @Roles(...ALL_STAFF_ROLES)
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session' })
  async logout(@CurrentStaff() actor: StaffActor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.signOut(actor);
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
    res.setHeader('Clear-Site-Data', STAFF_CLEAR_SITE_DATA);
  }

  @Roles(...ALL_STAFF_ROLES)
  @Post('logout-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session of this account, on every device' })
  async logoutAll(@CurrentStaff() actor: StaffActor, @Res({ passthrough: true }) res: Response): Promise<{ ended: number }> {
    const ended = await this.auth.signOutEverywhere(actor);
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
    res.setHeader('Clear-Site-Data', STAFF_CLEAR_SITE_DATA);
    return { ended };
  }

  @Roles(...ALL_STAFF_ROLES)
  @Get('me')
  @ApiOperation({ summary: 'The signed-in staff member and their wrapped key bundle' })
  async me(@CurrentStaff() actor: StaffActor): Promise<LoginAnswer> {
    return this.auth.me(actor.userId);
  }

  @Roles(...ALL_STAFF_ROLES)
  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password: current authKey and a second factor, and the key bundle re-wrapped in the client; other sessions end' })
  changePassword(@CurrentStaff() actor: StaffActor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(actor.userId, actor.sessionId, dto.currentAuthKey, dto, dto.next);
  }

  @Public()
  @Post('recovery/bundle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recovery step 1: the key bundle wrapped under the recovery key, for the holder of its reset subkey and a second factor' })
  recoveryBundle(@Body() dto: RecoveryBundleDto): Promise<{ recoveryKeyBundle: string }> {
    return this.auth.recoveryBundle(dto.email, dto.resetKey, dto);
  }

  @Public()
  @Post('recovery/reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Recovery step 2: set a new password (reset subkey and a second factor); every session ends' })
  recoveryReset(@Body() dto: RecoveryResetDto): Promise<void> {
    return this.auth.recoveryReset(dto.email, dto.resetKey, dto, dto.next);
  }
}
