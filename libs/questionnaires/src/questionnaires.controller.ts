import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Public, Roles, StaffActor } from '@kanava/access';
import { ChannelParams, QuestionnaireDto } from './dto/questionnaire.dto';
import { QuestionnairesService } from './questionnaires.service';

/** The questions a channel's report form asks: public like the rest of the channel's description. */
@ApiTags('reporter')
@Public()
@Controller('api/public')
export class PublicQuestionnaireController {
  constructor(private readonly questionnaires: QuestionnairesService) {}

  @Get('channels/:channelId/questionnaire')
  @ApiOperation({ summary: "The channel's questionnaire (newest version, labels in fi, sv and en), or null for the plain report form" })
  questionnaire(@Param() params: ChannelParams) {
    return this.questionnaires.forReporters(params.channelId);
  }
}

/** The admin designs each channel's questionnaire; saving adds a version. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/channels')
export class QuestionnaireAdminController {
  constructor(private readonly questionnaires: QuestionnairesService) {}

  @Get(':channelId/questionnaire')
  @ApiOperation({ summary: "The channel's newest questionnaire and the list of its versions" })
  questionnaire(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams) {
    return this.questionnaires.forAdmin(actor.organisationId, params.channelId);
  }

  @Put(':channelId/questionnaire')
  @ApiOperation({
    summary: "Save the channel's questionnaire as its next version (no questions: the plain report form); cases keep the version they were answered with",
  })
  save(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams, @Body() dto: QuestionnaireDto) {
    return this.questionnaires.save(actor.organisationId, actor.userId, params.channelId, dto);
  }
}
