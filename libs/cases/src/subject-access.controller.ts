import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import {
  ExtendSubjectAccessDto,
  ListSubjectAccessQuery,
  RegisterSubjectAccessDto,
  SubjectAccessCaseParams,
  SubjectAccessDecisionDto,
  SubjectAccessParams,
} from './dto/subject-access.dto';
import { SubjectAccessService } from './subject-access.service';

@ApiTags('subject access')
@Roles('handler')
@Controller('api/staff/subject-access-requests')
export class SubjectAccessController {
  constructor(private readonly requests: SubjectAccessService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a data subject access request (R31): role, language, date received; due in a month' })
  register(@CurrentStaff() actor: StaffActor, @Body() dto: RegisterSubjectAccessDto) {
    return this.requests.register(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: "The organisation's open (or answered) subject access requests, nearest deadline first" })
  list(@CurrentStaff() actor: StaffActor, @Query() query: ListSubjectAccessQuery) {
    return this.requests.list(actor, query.status);
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'A request with its decisions on the cases the reader may open' })
  view(@CurrentStaff() actor: StaffActor, @Param() params: SubjectAccessParams) {
    return this.requests.view(actor, params.requestId);
  }

  @Post(':requestId/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the deadline once by two months (GDPR 12(3)), before the month ends, on a recorded ground' })
  extend(@CurrentStaff() actor: StaffActor, @Param() params: SubjectAccessParams, @Body() dto: ExtendSubjectAccessDto) {
    return this.requests.extend(actor, params.requestId, dto);
  }

  @Put(':requestId/cases/:caseId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record what the answer says of a case: released, partly withheld or withheld, with the grounds (FI 31 §)' })
  decide(@CurrentStaff() actor: StaffActor, @Param() params: SubjectAccessCaseParams, @Body() dto: SubjectAccessDecisionDto) {
    return this.requests.decide(actor, params.requestId, params.caseId, dto);
  }

  @Post(':requestId/answered')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the answer (made in the browser) was given; the request is closed' })
  answered(@CurrentStaff() actor: StaffActor, @Param() params: SubjectAccessParams) {
    return this.requests.answered(actor, params.requestId);
  }
}
