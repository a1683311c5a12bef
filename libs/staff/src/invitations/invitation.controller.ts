import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActivateDto, InvitationTokenParams } from '../dto/invitation.dto';
import { Public } from '@kanava/access';
import { InvitationService } from './invitation.service';

/** The invitee's side: the token in the link is the only credential. */
@ApiTags('staff authentication')
@Public()
@Controller('api/auth/invitations/:token')
export class InvitationController {
  constructor(private readonly invitations: InvitationService) {}

  @Get()
  @ApiOperation({ summary: 'What the invitation is for (404 invitation_invalid when used, expired or unknown)' })
  describe(@Param() params: InvitationTokenParams) {
    return this.invitations.describe(params.token);
  }

  @Post('totp')
  @HttpCode(200)
  @ApiOperation({ summary: 'A TOTP secret for the authenticator app (calling again replaces it)' })
  totp(@Param() params: InvitationTokenParams) {
    return this.invitations.offerTotp(params.token);
  }

  @Post('activate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create the account from keys made in the client; answers the one-time backup codes' })
  activate(@Param() params: InvitationTokenParams, @Body() dto: ActivateDto) {
    return this.invitations.activate(params.token, dto);
  }
}
