import { Controller, Get, Param, Post, HttpCode } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@kanava/access';
import { ChallengeService } from '../services/challenge.service';
import { DirectoryService } from '../services/directory.service';
import { ChannelParams, SlugParams } from '../dto/params.dto';

@ApiTags('reporter')
@Public()
@Controller('api/public')
export class OrganisationsController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly challenges: ChallengeService,
  ) {}

  @Get('organisations/:slug')
  @ApiOperation({ summary: 'The organisation, its case-secret salt, recovery key and channels' })
  organisation(@Param() params: SlugParams) {
    return this.directory.organisation(params.slug);
  }

  @Get('channels/:channelId/recipients')
  @ApiOperation({ summary: 'Public keys of the handlers and custodians a report on this channel is sealed to' })
  recipients(@Param() params: ChannelParams) {
    return this.directory.recipientsView(params.channelId);
  }

  @Post('challenges')
  @HttpCode(201)
  @ApiOperation({ summary: 'A single-use proof-of-work challenge' })
  challenge() {
    return this.challenges.issue();
  }
}
