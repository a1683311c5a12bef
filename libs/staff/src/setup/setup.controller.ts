import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@kanava/access';
import { SetupDto } from '../dto/setup.dto';
import { SetupService } from './setup.service';

/** The first-run set-up (`/staff/setup`): open only while no organisation exists, and only with the token printed at start. */
@ApiTags('setup')
@Public()
@Controller('api/setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Get()
  @ApiOperation({ summary: 'Whether the first-run set-up is open (no organisation exists yet)' })
  async status() {
    return { needed: await this.setup.needed() };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Make the organisation, its first channel and the first admin’s invitation with the one-time set-up token; 404 once an organisation exists',
  })
  setUp(@Body() dto: SetupDto) {
    return this.setup.setUp(dto);
  }
}
