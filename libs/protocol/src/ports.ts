import type { StaffActor } from '@kanava/access';
import type { Case } from '@kanava/database';
import type { ForwardedReportDto } from './submission.dto';

/**
 * What the libs above the reporter lib need of it, as ports it provides (globally, like
 * `CaseGrantsPort`), so that cases and attachments depend on the protocol and not on the
 * reporter lib's services.
 */

/** The reporter's case secret as a bearer token: the case, or the one 401 of API.md (and its rate limit). */
export abstract class ReporterSessions {
  abstract authenticate(authorization: string | undefined): Promise<Case>;
}

/** A report a handler received another way (R5), registered under the portal's rules. */
export abstract class ForwardedReportIntake {
  abstract registerForwarded(actor: StaffActor, dto: ForwardedReportDto): Promise<{ caseId: string; reference: string }>;
}
