import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import {
  CategoryDto,
  CategoryParams,
  InvitationParams,
  ChannelParams,
  ChannelTranslationsDto,
  ConfirmDto,
  CreateChannelDto,
  DesignateDto,
  DesignationParams,
  InformationPageDto,
  RecoveryKeyDto,
  TextLanguagesDto,
  UpdateChannelDto,
  UpdateStaffDto,
  UserParams,
} from '../dto/admin.dto';
import { InviteDto } from '../dto/invitation.dto';
import { InvitationService } from '../invitations/invitation.service';
import { AdminService } from './admin.service';
import { ChannelAdminService } from './channel-admin.service';
import { OrganisationAdminService } from './organisation-admin.service';
import { TextLanguagesService } from './text-languages.service';

/** Organisation administration: channels, categories, staff, designations, the organisation's settings. No case content. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin')
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly channelAdmin: ChannelAdminService,
    private readonly organisation: OrganisationAdminService,
    private readonly invitations: InvitationService,
    private readonly textLanguages: TextLanguagesService,
  ) {}

  @Post('invitations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Invite a staff member by e-mail (single-use link, expiring)' })
  invite(@CurrentStaff() actor: StaffActor, @Body() dto: InviteDto) {
    return this.invitations.invite(actor.organisationId, actor.userId, dto);
  }

  @Get('invitations')
  @ApiOperation({ summary: 'Open invitations (not used, not expired)' })
  openInvitations(@CurrentStaff() actor: StaffActor) {
    return this.invitations.listOpen(actor.organisationId);
  }

  @Delete('invitations/:invitationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an open invitation; its link stops working at once' })
  revokeInvitation(@CurrentStaff() actor: StaffActor, @Param() params: InvitationParams) {
    return this.invitations.revoke(actor.organisationId, actor.userId, params.invitationId);
  }

  @Get('staff')
  @ApiOperation({ summary: 'Staff of the organisation with roles, designations and key fingerprints' })
  staff(@CurrentStaff() actor: StaffActor) {
    return this.admin.listStaff(actor.organisationId);
  }

  @Patch('staff/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change display name or roles; a removed handler or custodian role takes its designations and case keys with it' })
  updateStaff(@CurrentStaff() actor: StaffActor, @Param() params: UserParams, @Body() dto: UpdateStaffDto) {
    return this.admin.updateStaff(actor.organisationId, actor.userId, params.userId, dto);
  }

  @Post('staff/:userId/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an account: sessions, designations and every case grant are removed (needs {confirm: true})' })
  deactivate(@CurrentStaff() actor: StaffActor, @Param() params: UserParams, @Body() _confirm: ConfirmDto) {
    return this.admin.deactivate(actor.organisationId, actor.userId, params.userId);
  }

  @Post('staff/:userId/unlock')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a sign-in lockout' })
  unlock(@CurrentStaff() actor: StaffActor, @Param() params: UserParams) {
    return this.admin.unlock(actor.organisationId, actor.userId, params.userId);
  }

  @Get('channels')
  @ApiOperation({ summary: 'Channels with their categories' })
  channels(@CurrentStaff() actor: StaffActor) {
    return this.channelAdmin.listChannels(actor.organisationId);
  }

  @Post('channels')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a channel' })
  createChannel(@CurrentStaff() actor: StaffActor, @Body() dto: CreateChannelDto) {
    return this.channelAdmin.createChannel(actor.organisationId, actor.userId, dto);
  }

  @Patch('channels/:channelId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change a channel' })
  updateChannel(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams, @Body() dto: UpdateChannelDto) {
    return this.channelAdmin.updateChannel(actor.organisationId, actor.userId, params.channelId, dto);
  }

  @Put('channels/:channelId/translations')
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Set the channel's name and description and its categories' labels per language (replaces every language's texts; the single-language fields stay the default)",
  })
  setChannelTranslations(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams, @Body() dto: ChannelTranslationsDto) {
    return this.channelAdmin.setChannelTranslations(actor.organisationId, actor.userId, params.channelId, dto);
  }

  @Post('channels/:channelId/categories')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a category' })
  addCategory(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams, @Body() dto: CategoryDto) {
    return this.channelAdmin.addCategory(actor.organisationId, actor.userId, params.channelId, dto.label);
  }

  @Patch('categories/:categoryId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Rename a category' })
  renameCategory(@CurrentStaff() actor: StaffActor, @Param() params: CategoryParams, @Body() dto: CategoryDto) {
    return this.channelAdmin.renameCategory(actor.organisationId, actor.userId, params.categoryId, dto.label);
  }

  @Put('channels/:channelId/designations')
  @HttpCode(204)
  @ApiOperation({ summary: 'Designate a handler or custodian for the channel (recorded with who and when)' })
  designate(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams, @Body() dto: DesignateDto) {
    return this.admin.designate(actor.organisationId, actor.userId, params.channelId, dto.userId, dto.role);
  }

  @Delete('channels/:channelId/designations/:userId/:role')
  @HttpCode(200)
  @ApiOperation({ summary: "End a designation; the person's keys to the channel's cases are removed at once" })
  undesignate(@CurrentStaff() actor: StaffActor, @Param() params: DesignationParams) {
    return this.admin.undesignate(actor.organisationId, actor.userId, params.channelId, params.userId, params.role);
  }

  @Get('access-review')
  @ApiOperation({ summary: 'Who is designated for which channel, by whom, since when, and how many cases each can open' })
  accessReview(@CurrentStaff() actor: StaffActor) {
    return this.admin.accessReview(actor.organisationId);
  }

  @Put('organisation/recovery-key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set the public half of the organisation recovery key (made and kept offline)' })
  setRecoveryKey(@CurrentStaff() actor: StaffActor, @Body() dto: RecoveryKeyDto) {
    return this.organisation.setRecoveryKey(actor.organisationId, actor.userId, dto.publicKey);
  }

  @Get('organisation/information-page')
  @ApiOperation({ summary: "The organisation's own text on the reporter portal's information page, per language ({} when none is set)" })
  informationPage(@CurrentStaff() actor: StaffActor) {
    return this.organisation.informationPage(actor.organisationId);
  }

  @Put('organisation/information-page')
  @HttpCode(204)
  @ApiOperation({
    summary: "Set the organisation's own text on the reporter portal's information page, per language (plain text; replaces the whole page)",
  })
  setInformationPage(@CurrentStaff() actor: StaffActor, @Body() dto: InformationPageDto) {
    return this.organisation.setInformationPage(actor.organisationId, actor.userId, dto);
  }

  @Get('organisation/languages')
  @ApiOperation({ summary: 'The languages the organisation writes its own texts in beyond fi, sv and en (the portal offers them)' })
  async languages(@CurrentStaff() actor: StaffActor) {
    return { languages: await this.textLanguages.added(actor.organisationId) };
  }

  @Put('organisation/languages')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set the added text languages; taking away one that has texts answers 409 confirmation_required unless confirm is true (its texts are deleted)',
  })
  setLanguages(@CurrentStaff() actor: StaffActor, @Body() dto: TextLanguagesDto) {
    return this.textLanguages.setAdded(actor.organisationId, actor.userId, dto.languages, dto.confirm === true);
  }
}
