import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { once } from 'node:events';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import type { AuditEventPage } from '@kanava/api-contract';
import { AuditQueryService, csvHeader, csvRow } from './audit-query.service';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditVerifier } from './audit-verifier';
import { ExportQuery, ListEventsQuery, VerifyQuery } from './dto/audit.dto';

/** The auditor's view: events (never content), export, verification and checkpoints. */
@ApiTags('audit')
@Roles('auditor')
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly verifier: AuditVerifier,
    private readonly checkpointing: AuditCheckpoints,
    private readonly query: AuditQueryService,
  ) {}

  @Get('events')
  @ApiOperation({
    summary:
      "Events filtered by case (id or reference), actor, action and time, oldest first, keyset-paginated; each with its case's reference while the case exists",
  })
  async events(@CurrentStaff() actor: StaffActor, @Query() q: ListEventsQuery): Promise<AuditEventPage> {
    const limit = q.limit ?? 100;
    const events = await this.query.listed(actor.organisationId, q, q.cursor, limit);
    return { events, nextCursor: events.length === limit ? events[events.length - 1].seq : null };
  }

  @Get('staff')
  @ApiOperation({ summary: "The organisation's staff (deactivated included) by id, name and roles, to name the actors of events" })
  staff(@CurrentStaff() actor: StaffActor) {
    return this.query.staff(actor.organisationId);
  }

  @Get('export')
  @ApiOperation({ summary: 'All matching events as CSV or JSON Lines, streamed' })
  async export(@CurrentStaff() actor: StaffActor, @Query() q: ExportQuery, @Res() res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="kanava-audit.${q.format}"`);
    if (q.format === 'csv') res.write(csvHeader());
    for await (const e of this.query.all(actor.organisationId, q)) {
      // Respect backpressure: a slow download must not pile the log up in memory.
      if (!res.write(q.format === 'csv' ? csvRow(e) : JSON.stringify(e) + '\n')) await once(res, 'drain');
    }
    res.end();
  }

  @Get('verify')
  @ApiOperation({ summary: "Verify this organisation's chain (or a range); names the first event that does not verify" })
  verify(@CurrentStaff() actor: StaffActor, @Query() q: VerifyQuery) {
    return this.verifier.verify(actor.organisationId, {
      fromSeq: q.fromSeq ? BigInt(q.fromSeq) : undefined,
      toSeq: q.toSeq ? BigInt(q.toSeq) : undefined,
    });
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Signed checkpoints of the chain head, newest first, and the public key that signs them' })
  async checkpoints(@CurrentStaff() actor: StaffActor) {
    const rows = await this.checkpointing.listCheckpoints(actor.organisationId);
    return { publicKey: this.checkpointing.checkpointPublicKey.toString('base64url'), checkpoints: rows };
  }

  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign the current head now (keep the answer outside Kanava)' })
  async createCheckpoint(@CurrentStaff() actor: StaffActor) {
    return this.checkpointing.checkpointView(await this.checkpointing.checkpoint(actor.organisationId));
  }
}
