import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { LabelDto, LabelParams } from './labels.dto';
import { LabelsService } from './labels.service';

/** Admins define the organisation's labels. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/labels')
export class LabelsAdminController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's labels, with how many cases carry each" })
  list(@CurrentStaff() actor: StaffActor) {
    return this.labels.list(actor.organisationId);
  }

  @Post()
  @ApiOperation({ summary: 'Add a label (a name unique in the organisation, case-insensitively)' })
  create(@CurrentStaff() actor: StaffActor, @Body() dto: LabelDto) {
    return this.labels.create(actor.organisationId, actor.userId, dto.name);
  }

  @Patch(':labelId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Rename a label' })
  rename(@CurrentStaff() actor: StaffActor, @Param() params: LabelParams, @Body() dto: LabelDto) {
    return this.labels.rename(actor.organisationId, actor.userId, params.labelId, dto.name);
  }

  @Delete(':labelId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a label; it comes off every case' })
  remove(@CurrentStaff() actor: StaffActor, @Param() params: LabelParams) {
    return this.labels.remove(actor.organisationId, actor.userId, params.labelId);
  }
}

/** Handlers read the labels to filter by and to put on cases. */
@ApiTags('handler')
@Roles('handler')
@Controller('api/staff/labels')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's labels, id and name (how many cases carry each is for admins: it spans cases a handler may not reach)" })
  async list(@CurrentStaff() actor: StaffActor) {
    return (await this.labels.list(actor.organisationId)).map(({ id, name }) => ({ id, name }));
  }
}
