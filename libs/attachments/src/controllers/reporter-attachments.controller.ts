import { Body, Controller, Delete, Get, Head, Headers, HttpCode, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Case } from '@kanava/database';
import { ReporterSessions } from '@kanava/protocol';
import { Public } from '@kanava/access';
import { AttachmentParams, CreateAttachmentDto, VoiceConsentDto } from '../dto/attachment.dto';
import { VoiceRecordingsService } from '../services/voice-recordings.service';
import { AttachmentParty, AttachmentsService } from '../services/attachments.service';
import { runUpload, sendContent, setOffsetHeaders, uploadRequest } from './content-http';

const OFFSET_HEADER = { name: 'Upload-Offset', required: true, description: 'Bytes stored so far (HEAD answers it); must be a record boundary' };
const CHECKSUM_HEADER = {
  name: 'Upload-Checksum',
  required: false,
  description: '"sha256 <base64 digest>" of this request body; a mismatch stores nothing (460)',
};

/**
 * The reporter's attachments (API.md "Follow up"), authenticated by the lookup
 * token like every follow-up route. Invariant: nothing here reads the client
 * address, user agent or cookies.
 */
@ApiTags('reporter')
@ApiBearerAuth()
@Public()
@Controller('api/public/case/attachments')
export class ReporterAttachmentsController {
  constructor(
    private readonly followUp: ReporterSessions,
    private readonly attachments: AttachmentsService,
    private readonly recordings: VoiceRecordingsService,
  ) {}

  private async reporter(authorization: string | undefined): Promise<{ c: Case; caseId: string; party: AttachmentParty }> {
    const c = await this.followUp.authenticate(authorization);
    return { c, caseId: c.id, party: { kind: 'reporter', signer: c.reporterSignPublicKey } };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Announce an attachment: signed attachment-meta and attachment-key items and the padded ciphertext size' })
  async create(@Headers('authorization') authorization: string | undefined, @Body() dto: CreateAttachmentDto) {
    const { c, party } = await this.reporter(authorization);
    return this.attachments.create(c, party, dto);
  }

  @Put(':id/content')
  @HttpCode(204)
  @ApiOperation({ summary: 'Upload the whole ciphertext (application/octet-stream: secretstream header, then records)' })
  @ApiHeader(CHECKSUM_HEADER)
  async put(
    @Headers('authorization') authorization: string | undefined,
    @Param() params: AttachmentParams,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { caseId, party } = await this.reporter(authorization);
    await runUpload(res, () => this.attachments.upload(caseId, party, params.id, uploadRequest('put', req)));
  }

  @Head(':id/content')
  @HttpCode(200)
  @ApiOperation({ summary: 'Upload progress: Upload-Offset (bytes stored) and Upload-Length headers, to resume with PATCH' })
  async head(@Headers('authorization') authorization: string | undefined, @Param() params: AttachmentParams, @Res({ passthrough: true }) res: Response) {
    const { caseId, party } = await this.reporter(authorization);
    setOffsetHeaders(res, await this.attachments.offset(caseId, party, params.id));
  }

  @Patch(':id/content')
  @HttpCode(204)
  @ApiOperation({ summary: 'Append ciphertext at Upload-Offset (resume; whole records only)' })
  @ApiHeader(OFFSET_HEADER)
  @ApiHeader(CHECKSUM_HEADER)
  async patch(
    @Headers('authorization') authorization: string | undefined,
    @Param() params: AttachmentParams,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { caseId, party } = await this.reporter(authorization);
    await runUpload(res, () => this.attachments.upload(caseId, party, params.id, uploadRequest('patch', req)));
  }

  @Get(':id/content')
  @ApiOperation({ summary: 'Download the ciphertext of a complete attachment (Range: bytes=… answers 206)' })
  @ApiHeader({ name: 'Range', required: false })
  async content(@Headers('authorization') authorization: string | undefined, @Param() params: AttachmentParams, @Req() req: Request, @Res() res: Response) {
    const { caseId, party } = await this.reporter(authorization);
    await sendContent(res, await this.attachments.content(caseId, party, params.id, req.headers.range));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an attachment the reporter uploaded, with its stored ciphertext' })
  async delete(@Headers('authorization') authorization: string | undefined, @Param() params: AttachmentParams) {
    const { caseId, party } = await this.reporter(authorization);
    await this.attachments.delete(caseId, party, params.id);
  }

  @Post(':id/voice-consent')
  @HttpCode(201)
  @ApiOperation({
    summary: "The reporter's signed choice for a voice message (R28): keep the disguised recording, or use it only for a transcript and then destroy it",
  })
  async voiceConsent(@Headers('authorization') authorization: string | undefined, @Param() params: AttachmentParams, @Body() dto: VoiceConsentDto) {
    const { c } = await this.reporter(authorization);
    return this.recordings.giveConsent(c, params.id, dto.choice, dto.signature);
  }
}
