import type { PrivacyFacts } from './template';

/** Live settings the record of processing activities adds to the privacy notice's facts. */
export interface RecordFacts extends PrivacyFacts {
  organisationId: string;
  channelId: string;
  /** Active staff of the organisation by role (admins and auditors are organisation-wide). */
  admins: number;
  auditors: number;
  /** Audit events are pruned after this many days; 0: kept forever. */
  auditRetentionDays: number;
  /** Unfinished uploads are removed after this many hours. */
  incompleteUploadMaxAgeHours: number;
  /** Idle and absolute staff session limits. */
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  attachmentStorage: { driver: 'local' | 's3'; region: string | null };
}

/**
 * The record of processing activities (GDPR Article 30(1)) of one channel, made from
 * live settings each time it is asked for, so it never drifts from what the software does.
 */
export function processingRecord(f: RecordFacts, generatedAt: Date) {
  const missing = [...(f.processor ? [] : ['processor']), ...(f.storageLocation ? [] : ['storageLocation'])];
  return {
    format: 'kanava-processing-record/1',
    generatedAt: generatedAt.toISOString(),
    controller: { organisationId: f.organisationId, name: f.organisationName },
    processing: { channelId: f.channelId, channelName: f.channelName, name: `Whistleblowing channel "${f.channelName}"` },
    purposes: [
      'Receiving reports of breaches under the Whistleblower Protection Act (1171/2022) and Directive (EU) 2019/1937',
      'Handling and following up reports, communicating with the reporter, giving acknowledgement and feedback within the statutory deadlines',
      'Protecting the identity of the reporter and of the persons concerned',
    ],
    legalBasis: {
      gdpr: 'Article 6(1)(c): legal obligation of the controller',
      law: 'Act 1171/2022 on the Protection of Persons Reporting Breaches of European Union and National Law, in particular sections 8–10 and 29–33',
      specialCategories:
        'Special categories and criminal-offence data only where necessary for handling a report (section 30 of Act 1171/2022; GDPR Article 9(2)(g), Article 10)',
      restrictions: 'Access may be restricted to protect the reporter and the investigation; GDPR Article 18 does not apply (section 31 of Act 1171/2022)',
    },
    dataSubjects: [
      'Reporters',
      'Persons concerned (the reported persons)',
      'Other persons named in reports, such as witnesses',
      'Staff who handle reports (account and access log data)',
    ],
    dataCategories: [
      { category: 'Report content, messages and attachments', note: 'encrypted in the browser; the server cannot read them' },
      { category: "Reporter's identity and contact details, when given", note: 'encrypted in the browser, readable by custodians only until released' },
      { category: 'Data on persons concerned and others named', note: 'encrypted in the browser' },
      { category: 'Case metadata: channel, category, status, dates, deadlines, legal holds', note: 'readable by the server; no names' },
      { category: 'Staff accounts and the access log (who opened, decrypted or exported which case, when)', note: 'no report content, no identities' },
      { category: 'May include special categories and criminal-offence data', note: 'flagged per case with a necessity note (section 30)' },
    ],
    notCollected: ['IP addresses of reporters', 'User agents or browser fingerprints of reporters', 'Tracking cookies'],
    recipients: [
      { role: 'handler', count: f.handlers, access: 'Reads and handles the reports of this channel, except where the reporter excluded them' },
      { role: 'custodian', count: f.custodians, access: "Holds the reporter's identity; releases it to a handler only on a recorded ground" },
      { role: 'admin', count: f.admins, access: 'Organisation settings and designations; no report content' },
      { role: 'auditor', count: f.auditors, access: 'The access log; no report content' },
      { role: 'authorities', count: null, access: 'Only as sections 32–33 of Act 1171/2022 allow (e.g. pre-trial investigation), each disclosure recorded' },
    ],
    processors: [
      {
        name: f.processor,
        stated: f.processor !== null,
        service: 'Hosting and operating Kanava (servers, database, attachment storage, backups)',
        canSee: 'Ciphertext and case metadata only; no key that opens a report, message or identity',
      },
    ],
    storage: {
      location: f.storageLocation,
      stated: f.storageLocation !== null,
      database: 'PostgreSQL',
      attachments: f.attachmentStorage.driver === 's3' ? `S3-compatible object storage, region ${f.attachmentStorage.region}` : "The server's local disk",
    },
    thirdCountryTransfers: { any: false, statement: 'No personal data are transferred outside the EU/EEA.' },
    retention: {
      retentionDays: f.retentionDays,
      closedRetentionDays: f.closedRetentionDays,
      legalHolds: 'A case is kept past its deletion date only under a recorded legal hold with a reason and a review date (section 29)',
      auditRetentionDays: f.auditRetentionDays,
      incompleteUploadMaxAgeHours: f.incompleteUploadMaxAgeHours,
      deletion: 'Whole cases with their files are deleted by the retention purge; a deletion record stays in the hash-chained log',
    },
    securityMeasures: [
      "End-to-end encryption: reports, messages, identities, notes and attachments are encrypted in the reporter's and the handlers' browsers (libsodium); the server holds no key that opens them",
      'Reporter identity sealed separately to custodians',
      'Image metadata removed in the browser before encryption',
      'No IP address, user agent or cookie kept for reporters',
      'Staff sign-in with a password-derived key and a second factor (TOTP); sessions end after ' +
        `${f.sessionIdleMinutes} idle minutes and at most ${f.sessionMaxHours} hours`,
      'Designations per channel; reporters may exclude handlers; deny-by-default access checks',
      'Confidentiality notice accepted by every handler and custodian before first access (section 36)',
      'Append-only, hash-chained audit log of every view, decrypt, download, export, grant and purge, with signed checkpoints',
      "Signed key directory so reporters verify the recipients' keys",
      'Rate limits and proof of work on the public routes',
    ],
    missing,
  };
}
