import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { CaseLabelsDto, SavedFilterDto, SavedFilterParams } from './dto/inbox-tools.dto';
import { InboxToolsService } from './inbox-tools.service';

@ApiTags('cases')
@Roles('handler')
@Controller('api/staff')
export class InboxToolsController {
  constructor(private readonly tools: InboxToolsService) {}

  @Post('cases/labels')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a label to, or take it off, up to 100 selected cases (all of them cases the handler works on, or none changes)' })
  label(@CurrentStaff() actor: StaffActor, @Body() dto: CaseLabelsDto) {
    return this.tools.label(actor, dto);
  }

  @Get('saved-filters')
  @ApiOperation({ summary: "The handler's saved inbox filters" })
  savedFilters(@CurrentStaff() actor: StaffActor) {
    return this.tools.savedFilters(actor);
  }

  @Post('saved-filters')
  @ApiOperation({ summary: 'Keep the inbox filters by a name (at most 20 per handler)' })
  saveFilter(@CurrentStaff() actor: StaffActor, @Body() dto: SavedFilterDto) {
    return this.tools.saveFilter(actor, dto);
  }

  @Delete('saved-filters/:filterId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of the handler’s saved filters' })
  deleteFilter(@CurrentStaff() actor: StaffActor, @Param() params: SavedFilterParams) {
    return this.tools.deleteFilter(actor, params.filterId);
  }
}
