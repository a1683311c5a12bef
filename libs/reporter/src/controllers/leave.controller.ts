import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@kanava/access';

/**
 * What the reporter's browser should forget. Reporters have no cookies, so
 * "cookies" is left out: that directive reaches every cookie of the whole
 * registrable domain (the employer's intranet sign-in, say), and an unexplained
 * sign-out elsewhere is itself a trace of the visit.
 */
export const REPORTER_CLEAR_SITE_DATA = '"cache", "storage"';

/** The portal's quick exit (issue 8). Invariant: reads nothing of the request and stores nothing. */
@ApiTags('reporter')
@Public()
@Controller('api/public')
export class LeaveController {
  @Post('leave')
  @HttpCode(204)
  @ApiOperation({ summary: "Ask the browser to clear this site's cache and storage (Clear-Site-Data); a quick-exit button calls it" })
  @ApiNoContentResponse({ headers: { 'Clear-Site-Data': { description: REPORTER_CLEAR_SITE_DATA, schema: { type: 'string' } } } })
  leave(@Res({ passthrough: true }) res: Response): void {
    res.setHeader('Clear-Site-Data', REPORTER_CLEAR_SITE_DATA);
  }
}
