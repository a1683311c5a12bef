import { InitialSchema1763780000000 } from './1763780000000-initial-schema';
import { StaffAccounts1763785000000 } from './1763785000000-staff-accounts';
import { Attachments1763790000000 } from './1763790000000-attachments';
import { AuditLog1763795000000 } from './1763795000000-audit-log';
import { LoginThrottle1763796000000 } from './1763796000000-login-throttle';
import { CaseWorkflow1763797000000 } from './1763797000000-case-workflow';
import { IdentityRequests1763798000000 } from './1763798000000-identity-requests';
import { SubjectInformed1763798500000 } from './1763798500000-subject-informed';
import { RateLimits1763799000000 } from './1763799000000-rate-limits';
import { InformationPage1763800500000 } from './1763800500000-information-page';
import { Retention1763801000000 } from './1763801000000-retention';
import { Disclosures1763801500000 } from './1763801500000-disclosures';
import { AuditPending1763802000000 } from './1763802000000-audit-pending';
import { JobRuns1763803000000 } from './1763803000000-job-runs';
import { ReceiptTime1763803100000 } from './1763803100000-receipt-time';
import { OperatorAccounts1763803200000 } from './1763803200000-operator-accounts';
import { KeyDirectory1763804000000 } from './1763804000000-key-directory';
import { LoginLockStrikes1763805000000 } from './1763805000000-login-lock-strikes';
import { ProtectiveMeasures1763805300000 } from './1763805300000-protective-measures';
import { SpecialData1763805400000 } from './1763805400000-special-data';
import { ForwardedReports1763805500000 } from './1763805500000-forwarded-reports';
import { SubjectAccess1763805600000 } from './1763805600000-subject-access';
import { PrivacyNotice1763806000000 } from './1763806000000-privacy-notice';
import { TranscriptReviews1763807500000 } from './1763807500000-transcript-reviews';
import { VoiceConsents1763807600000 } from './1763807600000-voice-consents';
import { Meetings1763807700000 } from './1763807700000-meetings';
import { VoiceMessages1763808000000 } from './1763808000000-voice-messages';
import { ChannelTranslations1763809000000 } from './1763809000000-channel-translations';
import { CaseReads1763810000000 } from './1763810000000-case-reads';
import { MeetingsEnabled1763810100000 } from './1763810100000-meetings-enabled';
import { PersonsConcernedKey1763810200000 } from './1763810200000-persons-concerned-key';
import { Questionnaires1763810300000 } from './1763810300000-questionnaires';
import { FirstRunSetup1763810400000 } from './1763810400000-first-run-setup';
import { Labels1763810500000 } from './1763810500000-labels';
import { TextLanguages1763810600000 } from './1763810600000-text-languages';

/** Every migration, oldest first. A new schema change adds a file and a line here. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  InitialSchema1763780000000,
  StaffAccounts1763785000000,
  Attachments1763790000000,
  AuditLog1763795000000,
  LoginThrottle1763796000000,
  CaseWorkflow1763797000000,
  IdentityRequests1763798000000,
  SubjectInformed1763798500000,
  RateLimits1763799000000,
  InformationPage1763800500000,
  Retention1763801000000,
  Disclosures1763801500000,
  AuditPending1763802000000,
  JobRuns1763803000000,
  ReceiptTime1763803100000,
  OperatorAccounts1763803200000,
  KeyDirectory1763804000000,
  LoginLockStrikes1763805000000,
  ProtectiveMeasures1763805300000,
  SpecialData1763805400000,
  ForwardedReports1763805500000,
  SubjectAccess1763805600000,
  PrivacyNotice1763806000000,
  TranscriptReviews1763807500000,
  VoiceConsents1763807600000,
  Meetings1763807700000,
  VoiceMessages1763808000000,
  ChannelTranslations1763809000000,
  CaseReads1763810000000,
  MeetingsEnabled1763810100000,
  PersonsConcernedKey1763810200000,
  Questionnaires1763810300000,
  FirstRunSetup1763810400000,
  Labels1763810500000,
  TextLanguages1763810600000,
];
