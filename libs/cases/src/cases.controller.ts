import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ItemDto } from '@kanava/reporter';
import { CurrentStaff, Roles, StaffActor } from '@kanava/staff';
import { CasesService } from './cases.service';
import { CaseParams, ListCasesQuery } from './dto/list-cases.dto';

@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

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
}
