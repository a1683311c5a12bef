import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { RestoreDto } from './dto/assignment.dto';
import { CaseParams } from './dto/list-cases.dto';
import { RecoveryService } from './recovery.service';

@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/recovery')
export class RecoveryController {
  constructor(private readonly recovery: RecoveryService) {}

  @Get('cases')
  @ApiOperation({ summary: 'Cases of your channels that no active staff member can open, with their recovery grants (break-glass)' })
  orphaned(@CurrentStaff() actor: StaffActor) {
    return this.recovery.orphanedCases(actor);
  }

  @Post('cases/:caseId/restore')
  @HttpCode(201)
  @ApiOperation({ summary: 'Take back an orphaned case: its keys opened with the organisation recovery key in your client, sealed to yourself' })
  restore(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: RestoreDto) {
    return this.recovery.restore(actor, params.caseId, dto.grants);
  }
}
