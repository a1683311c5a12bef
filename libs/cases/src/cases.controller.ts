import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ItemDto } from '@kanava/reporter';
import { CurrentStaff, Roles, StaffActor } from '@kanava/staff';
import { CasesService } from './cases.service';
import { CaseParams, ListCasesQuery } from './dto/list-cases.dto';
import { AssignDto, CaseUserParams, ExpertDto, ImplicateDto } from './dto/assignment.dto';
import { AssignmentsService } from './assignments.service';

@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The handler's inbox: case metadata only, newest first, keyset-paginated" })
  list(@CurrentStaff() actor: StaffActor, @Query() query: ListCasesQuery) {
    return this.cases.list(actor, query.limit, query.cursor);
  }

  @Get(':caseId')
  @ApiOperation({ summary: "One case: ciphertext items and the handler's own key grants" })
  view(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams) {
    return this.cases.view(actor, params.caseId);
  }

  @Post(':caseId/messages')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reply to the reporter with a signed, encrypted message-handler item' })
  reply(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() item: ItemDto) {
    return this.cases.reply(actor, params.caseId, item);
  }

  @Post(':caseId/assignments')
  @HttpCode(201)
  @ApiOperation({ summary: "Give the case to a colleague: the case's keys sealed to them in the client; refused for conflicts of interest" })
  assign(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: AssignDto) {
    return this.assignments.assign(actor, params.caseId, dto);
  }

  @Post(':caseId/experts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Give an expert time-limited access with a reason (R11); the grant lapses by itself' })
  addExpert(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: ExpertDto) {
    return this.assignments.addExpert(actor, params.caseId, dto);
  }

  @Delete(':caseId/assignments/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take the case away from a colleague (their keys to it are deleted)' })
  unassign(@CurrentStaff() actor: StaffActor, @Param() params: CaseUserParams) {
    return this.assignments.unassign(actor, params.caseId, params.userId);
  }

  @Post(':caseId/implicated')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a colleague as implicated in the case: they lose every key to it and can never be assigned it' })
  implicate(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: ImplicateDto) {
    return this.assignments.implicate(actor, params.caseId, dto.userId);
  }
}
