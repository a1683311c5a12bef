import { Body, Controller, Delete, Get, Head, HttpCode, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CaseAccessService } from '@kanava/cases';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { CaseAttachmentParams, CaseParams, CreateAttachmentDto, RemoveAttachmentDto } from '../dto/attachment.dto';
import { AttachmentParty, AttachmentsService } from '../services/attachments.service';
import { runUpload, sendContent, setOffsetHeaders, uploadRequest } from './content-http';

function handler(actor: StaffActor): Extract<AttachmentParty, { kind: 'handler' }> {
  return { kind: 'handler', userId: actor.userId, signer: actor.signPublicKey };
}

/**
 * A handler's side of attachments: the same protocol as the reporter's, behind
 * the one case access check (missing and forbidden cases both answer 404).
 * Items are signed with the handler's own staff sign key.
 */
@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/cases/:caseId/attachments')
export class StaffAttachmentsController {
  constructor(
    private readonly access: CaseAccessService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The case's complete attachments and the handler's own unfinished uploads" })
  async list(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams) {
    await this.access.assertCaseAccess(actor, params.caseId, 'read');
    return { attachments: await this.attachments.list(params.caseId, handler(actor)) };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Announce an attachment for the reporter (items signed with the staff sign key)' })
  async create(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: CreateAttachmentDto) {
    const c = await this.access.assertCaseAccess(actor, params.caseId, 'reply');
    return this.attachments.create(c, handler(actor), dto);
  }

  @Put(':id/content')
  @HttpCode(204)
  @ApiOperation({ summary: 'Upload the whole ciphertext' })
  @ApiHeader({ name: 'Upload-Checksum', required: false, description: '"sha256 <base64 digest>" of this request body' })
  async put(@CurrentStaff() actor: StaffActor, @Param() params: CaseAttachmentParams, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.access.assertCaseAccess(actor, params.caseId, 'reply');
    await runUpload(res, () => this.attachments.upload(params.caseId, handler(actor), params.id, uploadRequest('put', req)));
  }

  @Head(':id/content')
  @HttpCode(200)
  @ApiOperation({ summary: 'Upload progress: Upload-Offset and Upload-Length headers' })
  async head(@CurrentStaff() actor: StaffActor, @Param() params: CaseAttachmentParams, @Res({ passthrough: true }) res: Response) {
    await this.access.assertCaseAccess(actor, params.caseId, 'read');
    setOffsetHeaders(res, await this.attachments.offset(params.caseId, handler(actor), params.id));
  }

  @Patch(':id/content')
  @HttpCode(204)
  @ApiOperation({ summary: 'Append ciphertext at Upload-Offset (resume)' })
  @ApiHeader({ name: 'Upload-Offset', required: true })
  @ApiHeader({ name: 'Upload-Checksum', required: false })
  async patch(@CurrentStaff() actor: StaffActor, @Param() params: CaseAttachmentParams, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.access.assertCaseAccess(actor, params.caseId, 'reply');
    await runUpload(res, () => this.attachments.upload(params.caseId, handler(actor), params.id, uploadRequest('patch', req)));
  }

  @Get(':id/content')
  @ApiOperation({ summary: 'Download the ciphertext of a complete attachment (Range supported)' })
  async content(@CurrentStaff() actor: StaffActor, @Param() params: CaseAttachmentParams, @Req() req: Request, @Res() res: Response) {
    await this.access.assertCaseAccess(actor, params.caseId, 'read');
    await sendContent(res, await this.attachments.content(params.caseId, handler(actor), params.id, req.headers.range));
  }

  @Post(':id/remove')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a file as manifestly irrelevant personal data (R23), the reporter's too; needs confirm: true" })
  async removeAsPersonalData(@CurrentStaff() actor: StaffActor, @Param() params: CaseAttachmentParams, @Body() _confirmed: RemoveAttachmentDto) {
    await this.access.assertCaseAccess(actor, params.caseId, 'reply');
    await this.attachments.removeAsPersonalData(params.caseId, handler(actor), params.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an attachment this handler uploaded, with its stored ciphertext' })
  async delete(@CurrentStaff() actor: StaffActor, @Param() params: CaseAttachmentParams) {
    await this.access.assertCaseAccess(actor, params.caseId, 'reply');
    await this.attachments.delete(params.caseId, handler(actor), params.id);
  }
}
