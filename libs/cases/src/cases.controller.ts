import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ItemDto } from '@kanava/protocol';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { CasesService } from './cases.service';
import { CaseParams, CaseReportsDto, ListCasesQuery, ViewCaseQuery } from './dto/list-cases.dto';
import { AssignDto, CaseUserParams, ExpertDto, ImplicateDto, ShareConcernedDto } from './dto/assignment.dto';
import { AssignmentsService } from './assignments.service';
import { CaseContentService } from './case-content.service';
import { InternalKeyDto, ItemParams, RedactItemDto, RemoveItemDto, SpecialDataDto, TranscriptItemDto } from './dto/content.dto';
import { StatusChangeDto, SubjectInformedDto } from './dto/workflow.dto';
import { WorkflowService } from './workflow.service';

@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly assignments: AssignmentsService,
    private readonly workflow: WorkflowService,
    private readonly content: CaseContentService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "The handler's inbox: case metadata only (with the handler's unread marker), newest first, keyset-paginated; filters by status, channel, category, deadline, reference prefix and unread",
  })
  list(@CurrentStaff() actor: StaffActor, @Query() query: ListCasesQuery) {
    return this.cases.list(actor, query.limit, query.cursor, query);
  }

  @Get('counts')
  @ApiOperation({ summary: "How many of the handler's cases are in each status, and how many of them are unread (no content)" })
  counts(@CurrentStaff() actor: StaffActor) {
    return this.cases.counts(actor);
  }

  @Post('reports')
  @HttpCode(200)
  @ApiOperation({ summary: "Up to 50 cases' report items and the handler's shared-key grants, for titles decrypted in the inbox; each fetch is logged" })
  reports(@CurrentStaff() actor: StaffActor, @Body() body: CaseReportsDto) {
    return this.cases.reports(actor, body.caseIds);
  }

  @Get(':caseId')
  @ApiOperation({ summary: "One case: ciphertext items and the handler's own key grants" })
  view(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Query() query: ViewCaseQuery) {
    return this.cases.view(actor, params.caseId, { markRead: query.unread !== 'keep' });
  }

  @Post(':caseId/messages')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reply to the reporter with a signed, encrypted message-handler item' })
  reply(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() item: ItemDto) {
    return this.cases.reply(actor, params.caseId, item);
  }

  @Post(':caseId/transcripts')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Give the reporter a transcript of a voice message, or minutes of a meeting or call, to approve (R29): a signed, encrypted transcript item',
  })
  addTranscript(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() body: TranscriptItemDto) {
    const { recordingId, ...item } = body;
    return this.cases.addTranscript(actor, params.caseId, item, recordingId);
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

  @Post(':caseId/persons-concerned-grants')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Share the persons concerned (R21) with a colleague who holds the case: their key sealed to them in your client, with a reason',
  })
  shareConcerned(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: ShareConcernedDto) {
    return this.assignments.shareConcerned(actor, params.caseId, dto);
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

  @Post(':caseId/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the acknowledgement (R6) without a message; the feedback deadline moves to 3 months after it' })
  acknowledge(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams) {
    return this.workflow.acknowledge(actor, params.caseId);
  }

  @Post(':caseId/status')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the case: received → triaged (with triage) → investigating → concluded (with outcome) → closed (with feedback given); reopen',
  })
  changeStatus(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: StatusChangeDto) {
    return this.workflow.changeStatus(actor, params.caseId, dto);
  }

  @Post(':caseId/follow-up-done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the follow-up with the reporter after closure (R40) took place' })
  followUpDone(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams) {
    return this.workflow.followUpDone(actor, params.caseId);
  }

  @Put(':caseId/special-data')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Flag the case as holding special-category or criminal-offence data, with an encrypted necessity note (R34); an empty list clears the flag',
  })
  setSpecialData(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: SpecialDataDto) {
    return this.content.setSpecialData(actor, params.caseId, dto);
  }

  @Post(':caseId/subject-informed')
  @HttpCode(200)
  @ApiOperation({ summary: 'GDPR 14 (R33): the persons concerned were informed, or the ground for deferring it' })
  subjectInformed(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: SubjectInformedDto) {
    return this.workflow.subjectInformed(actor, params.caseId, dto);
  }

  @Post(':caseId/internal-key')
  @HttpCode(201)
  @ApiOperation({ summary: "Create the case's internal key for notes, sealed in the client to every handler of the case and to recovery" })
  createInternalKey(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: InternalKeyDto) {
    return this.content.createInternalKey(actor, params.caseId, dto.grants);
  }

  @Post(':caseId/notes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an internal note (kind note, under the internal key); never shown to the reporter' })
  addNote(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() item: ItemDto) {
    return this.content.addNote(actor, params.caseId, item);
  }

  @Post(':caseId/items/:itemId/remove')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a persons-concerned entry as manifestly irrelevant personal data (R23); needs {confirm: true}' })
  removeItem(@CurrentStaff() actor: StaffActor, @Param() params: ItemParams, @Body() _dto: RemoveItemDto) {
    return this.content.removeItem(actor, params.caseId, params.itemId);
  }

  @Post(':caseId/items/:itemId/redact')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace a report, entry or message with a redacted version made in the client; the original is destroyed (R23)' })
  redactItem(@CurrentStaff() actor: StaffActor, @Param() params: ItemParams, @Body() dto: RedactItemDto) {
    return this.content.redactItem(actor, params.caseId, params.itemId, dto.replacement);
  }
}
