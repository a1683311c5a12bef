import { Attachment } from './attachment.entity';
import { Case } from './case.entity';
import { CaseGrant } from './case-grant.entity';
import { CaseItem } from './case-item.entity';
import { Category } from './category.entity';
import { Challenge } from './challenge.entity';
import { Channel } from './channel.entity';
import { ChannelMember } from './channel-member.entity';
import { Organisation } from './organisation.entity';
import { StaffSession } from './staff-session.entity';
import { StaffUser } from './staff-user.entity';
import { StaffInvitation } from './staff-invitation.entity';
import { StaffBackupCode } from './staff-backup-code.entity';
import { AuditCheckpoint, AuditEvent, AuditHead, AuditPending } from './audit-event.entity';
import { LoginThrottle } from './login-throttle.entity';
import { IdentityRequest } from './identity-request.entity';
import { LegalHold } from './legal-hold.entity';
import { StorageDeletion } from './storage-deletion.entity';
import { DeadlineReminder, NotificationWatermark } from './notification.entity';
import { Disclosure } from './disclosure.entity';
import { JobRun } from './job-run.entity';
import { StorageIdentity } from './storage-identity.entity';
import { KeyDirectoryEntry } from './key-directory-entry.entity';
import { SubjectAccessDecision, SubjectAccessReminder, SubjectAccessRequest } from './subject-access.entity';
import { ChannelPrivacyNotice } from './privacy-notice.entity';
import { TranscriptReview } from './transcript-review.entity';
import { TranscriptRecording, VoiceConsentRecord } from './voice-recording.entity';
import { Meeting } from './meeting.entity';
import { CaseRead } from './case-read.entity';
import { Questionnaire } from './questionnaire.entity';
import { CaseLabel, Label, SavedFilter } from './label.entity';

export * from './attachment.entity';
export * from './case.entity';
export * from './case-grant.entity';
export * from './case-item.entity';
export * from './case-read.entity';
export * from './category.entity';
export * from './challenge.entity';
export * from './channel.entity';
export * from './texts';
export * from './channel-member.entity';
export * from './organisation.entity';
export * from './staff-session.entity';
export * from './staff-user.entity';
export * from './staff-invitation.entity';
export * from './staff-backup-code.entity';
export * from './audit-event.entity';
export * from './login-throttle.entity';
export * from './identity-request.entity';
export * from './legal-hold.entity';
export * from './storage-deletion.entity';
export * from './notification.entity';
export * from './disclosure.entity';
export * from './job-run.entity';
export * from './storage-identity.entity';
export * from './key-directory-entry.entity';
export * from './subject-access.entity';
export * from './privacy-notice.entity';
export * from './transcript-review.entity';
export * from './voice-recording.entity';
export * from './meeting.entity';
export * from './questionnaire.entity';
export * from './label.entity';

export const ENTITIES = [
  Organisation,
  Channel,
  Category,
  StaffUser,
  ChannelMember,
  Case,
  CaseItem,
  CaseGrant,
  Challenge,
  StaffSession,
  StaffInvitation,
  StaffBackupCode,
  Attachment,
  AuditEvent,
  AuditHead,
  AuditPending,
  AuditCheckpoint,
  LoginThrottle,
  IdentityRequest,
  LegalHold,
  StorageDeletion,
  DeadlineReminder,
  NotificationWatermark,
  Disclosure,
  JobRun,
  StorageIdentity,
  KeyDirectoryEntry,
  SubjectAccessRequest,
  SubjectAccessDecision,
  SubjectAccessReminder,
  ChannelPrivacyNotice,
  TranscriptReview,
  VoiceConsentRecord,
  TranscriptRecording,
  Meeting,
  CaseRead,
  Questionnaire,
  Label,
  CaseLabel,
  SavedFilter,
];
