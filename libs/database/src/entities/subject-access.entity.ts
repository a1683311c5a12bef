import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';
import { Organisation } from './organisation.entity';

/** Who asks for their data (R31): a person named in a report, the reporter, or someone else. */
export const SUBJECT_ACCESS_ROLES = ['person_concerned', 'reporter', 'other'] as const;
export type SubjectAccessRole = (typeof SUBJECT_ACCESS_ROLES)[number];
/** The languages an answer is written in. */
export const SUBJECT_ACCESS_LANGUAGES = ['fi', 'sv', 'en'] as const;
/** Why the answer's deadline was extended by two months (GDPR 12(3)): the only grounds it allows. */
export const SUBJECT_ACCESS_EXTENSIONS = ['complex', 'number_of_requests'] as const;
/** What a case's part of the answer is. */
export const SUBJECT_ACCESS_DECISIONS = ['released', 'partly_withheld', 'withheld'] as const;
export type SubjectAccessDecisionKind = (typeof SUBJECT_ACCESS_DECISIONS)[number];
/**
 * Grounds for withholding (FI 1171/2022 31 §, GDPR 23, Data Protection Act 1050/2018 34 §):
 * codes only; the answer names them in the requester's language.
 */
export const SUBJECT_ACCESS_WITHHOLDING = ['protects_reporter_identity', 'jeopardises_investigation', 'protects_others', 'legal_claims'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A data subject's request for access (R31, GDPR 15), registered by a handler: the
 * requester's role, the answer's language, when it came and when it is due (a month,
 * once extendable by two). Who asks is not stored: the handler types it into the
 * answer, which is made in the browser. The decision per case is a SubjectAccessDecision.
 */
@Entity('subject_access_requests')
@Index('ix_subject_access_organisation_due', ['organisationId', 'answeredAt', 'dueAt'])
@Check('ck_subject_access_role', `"requester_role" IN (${list(SUBJECT_ACCESS_ROLES)})`)
@Check('ck_subject_access_language', `"language" IN (${list(SUBJECT_ACCESS_LANGUAGES)})`)
@Check(
  'ck_subject_access_extension',
  `("extension_reason" IS NULL) = ("extended_at" IS NULL) AND ("extension_reason" IS NULL OR "extension_reason" IN (${list(SUBJECT_ACCESS_EXTENSIONS)}))`,
)
export class SubjectAccessRequest {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  /** The handler who registered it: they are reminded of its deadline. */
  @Column({ name: 'registered_by_user_id', type: 'uuid' })
  registeredByUserId: string;

  @Column({ name: 'requester_role', type: 'varchar', length: 24 })
  requesterRole: SubjectAccessRole;

  @Column({ type: 'varchar', length: 2 })
  language: (typeof SUBJECT_ACCESS_LANGUAGES)[number];

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** A month after receipt; three with the extension. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'extension_reason', type: 'varchar', length: 32, nullable: true })
  extensionReason: (typeof SUBJECT_ACCESS_EXTENSIONS)[number] | null;

  @Column({ name: 'extended_at', type: 'timestamptz', nullable: true })
  extendedAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A case's part of an answer: released, partly withheld or withheld, with the grounds (codes). */
@Entity('subject_access_decisions')
@Check('ck_subject_access_decision', `"decision" IN (${list(SUBJECT_ACCESS_DECISIONS)})`)
@Check(
  'ck_subject_access_grounds',
  `"grounds" <@ ARRAY[${list(SUBJECT_ACCESS_WITHHOLDING)}]::varchar[] AND (("decision" = 'released') = (cardinality("grounds") = 0))`,
)
export class SubjectAccessDecision {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => SubjectAccessRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id' })
  request?: SubjectAccessRequest;

  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ type: 'varchar', length: 16 })
  decision: SubjectAccessDecisionKind;

  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  grounds: string[];

  @Column({ name: 'decided_by_user_id', type: 'uuid' })
  decidedByUserId: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;
}

/** One reminder of a request's deadline sent (as deadline_reminders for cases): once per stage and due date. */
@Entity('subject_access_reminders')
export class SubjectAccessReminder {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => SubjectAccessRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id' })
  request?: SubjectAccessRequest;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  stage: 'before' | 'due';

  @PrimaryColumn({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @CreateDateColumn({ name: 'sent_at', type: 'timestamptz' })
  sentAt: Date;
}
