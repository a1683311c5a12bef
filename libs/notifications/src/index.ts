export { sendDeadlineReminders, caseLink } from './reminders';
export { sendActivityDigest } from './digest';
