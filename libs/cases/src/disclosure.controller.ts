import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { DisclosureService } from './disclosure.service';
import { DisclosureParams, RecordDisclosureDto } from './dto/disclosure.dto';
import { CaseParams } from './dto/list-cases.dto';

@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/cases')
export class DisclosureController {
  constructor(private readonly disclosures: DisclosureService) {}

  @Post(':caseId/disclosures')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a disclosure outside the handlers: consent or legal ground, and the advance notice or why none (R20)' })
  record(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: RecordDisclosureDto) {
    return this.disclosures.record(actor, params.caseId, dto);
  }

  @Get(':caseId/disclosures')
  @ApiOperation({ summary: "The case's recorded disclosures" })
  list(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams) {
    return this.disclosures.list(actor, params.caseId);
  }

  @Get(':caseId/disclosures/:disclosureId/export')
  @ApiOperation({ summary: 'The case for an export under your recorded disclosure (decrypt in the browser); logged as case.exported' })
  export(@CurrentStaff() actor: StaffActor, @Param() params: DisclosureParams) {
    return this.disclosures.export(actor, params.caseId, params.disclosureId);
  }
}
