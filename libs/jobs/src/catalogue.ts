/**
 * Every background job, by the stable name job records, logs and status views use.
 * The duty column says which promise of the product depends on it.
 */
export const JOB_NAMES = [
  'retention-purge',
  'deadline-reminders',
  'activity-digest',
  'audit-checkpoints',
  'incomplete-uploads',
  'expired-expert-grants',
  'expired-challenges-sessions',
  'voice-recordings',
] as const;

export type JobName = (typeof JOB_NAMES)[number];

/** What each job keeps true, in words for operators (CLI status, logs). */
export const JOB_DUTIES: Record<JobName, string> = {
  'retention-purge': 'deletes cases past their deletion date, with their files (R24–R26)',
  'deadline-reminders': 'mails handlers before and when acknowledgement, feedback, GDPR 14 and hold-review deadlines fall due (R6, R7, R25, R33)',
  'activity-digest': 'mails handlers about new reports and reporter messages, batched',
  'audit-checkpoints': "signs a checkpoint of each organisation's audit chain, and prunes the log past its retention",
  'incomplete-uploads': 'removes attachment uploads left unfinished',
  'expired-expert-grants': "removes experts' access when it runs out (R11)",
  'expired-challenges-sessions': 'removes expired proof-of-work challenges and staff sessions',
  'voice-recordings': 'destroys transcript-only voice messages once their transcript is approved, or after 90 days (R28)',
};
