import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Channel } from './channel.entity';
import { Organisation } from './organisation.entity';
import { Category } from './category.entity';
import { Questionnaire } from './questionnaire.entity';

export const CASE_STATUSES = ['received', 'triaged', 'investigating', 'concluded', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
export const CASE_RELEVANCE = ['in_scope', 'out_of_scope', 'unclear'] as const;
export type CaseRelevance = (typeof CASE_RELEVANCE)[number];
export const RETALIATION_RISKS = ['low', 'medium', 'high'] as const;
export type RetaliationRisk = (typeof RETALIATION_RISKS)[number];
export const CASE_OUTCOMES = ['substantiated', 'partly_substantiated', 'not_substantiated', 'referred', 'withdrawn'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
/** Grounds for deferring GDPR 14 information (GDPR 14(5)(b), TSL 34 §, FI 31 §). */
export const SUBJECT_INFORMED_DEFERRALS = ['jeopardises_investigation', 'protects_reporter', 'disproportionate_effort'] as const;
export type SubjectInformedDeferral = (typeof SUBJECT_INFORMED_DEFERRALS)[number];
/** Why a case is deleted when it is: the channel's retention period from receipt, or its shorter period after closure (R24, R25). */
export const PURGE_BASES = ['retention', 'closed'] as const;
export type PurgeBasis = (typeof PURGE_BASES)[number];
/**
 * What a closure can record as done to protect the reporter (R40, ISO 37002 8.4,
 * Directive art. 19–21): codes only, the details belong in an encrypted note.
 */
export const PROTECTIVE_MEASURES = [
  'identity_access_restricted',
  'work_arrangements_changed',
  'retaliation_monitoring',
  'support_referral',
  'interim_measures',
  'other',
] as const;
export type ProtectiveMeasure = (typeof PROTECTIVE_MEASURES)[number];
/** Data a case may hold that needs a recorded necessity (R34, FI 30 §, GDPR 9 and 10). */
export const SPECIAL_DATA = ['special_category', 'criminal_offence'] as const;
export type SpecialData = (typeof SPECIAL_DATA)[number];

/** How a report that did not come through the portal reached the organisation (R5). */
export const FORWARDED_VIA = ['post', 'email', 'phone', 'meeting', 'manager', 'other'] as const;
export type ForwardedVia = (typeof FORWARDED_VIA)[number];

const sqlList = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::varchar[]`;

@Entity('cases')
@Unique('uq_cases_organisation_reference', ['organisationId', 'reference'])
@Index('ix_cases_organisation_received', ['organisationId', 'receivedAt', 'id'])
@Index('ix_cases_organisation_due', ['organisationId', 'nextDueAt', 'id'])
@Index('ix_cases_purge_at', ['purgeAt'])
@Check('ck_cases_protective_measures', `"protective_measures" <@ ${sqlList(PROTECTIVE_MEASURES)}`)
@Check('ck_cases_follow_up', '"follow_up_at" IS NULL OR "closed_at" IS NOT NULL')
@Check('ck_cases_special_data', `"special_data" <@ ${sqlList(SPECIAL_DATA)}`)
@Check('ck_cases_forwarded_via', `"forwarded_via" IS NULL OR "forwarded_via" IN (${FORWARDED_VIA.map((v) => `'${v}'`).join(', ')})`)
@Check(
  'ck_cases_forwarded',
  '("forwarded_via" IS NULL) = ("forwarded_by_user_id" IS NULL) AND ("forwarded_via" IS NULL) = ("original_sha256" IS NULL) AND ("original_sha256" IS NULL OR octet_length("original_sha256") = 32)',
)
@Check('ck_cases_special_data_note', 'cardinality("special_data") = 0 OR "special_data_note_id" IS NOT NULL')
export class Case {
  /** Chosen by the reporter's browser (it is bound into every signature). */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Index()
  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @ManyToOne(() => Channel, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'channel_id' })
  channel?: Channel;

  @Column({ name: 'category_id', type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => Category, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'category_id' })
  category?: Category;

  /** Short human reference shown to reporter and staff. */
  @Column({ type: 'varchar', length: 16 })
  reference: string;

  /** SHA-256 of the reporter's lookup token; the token itself is never stored. */
  @Column({ name: 'lookup_token_hash', type: 'bytea', unique: true })
  lookupTokenHash: Buffer;

  @Column({ name: 'reporter_sign_public_key', type: 'bytea' })
  reporterSignPublicKey: Buffer;

  @Column({ type: 'varchar', length: 16, default: 'received' })
  status: CaseStatus;

  /** Used by access checks only; never shown to staff (it may name suspects). */
  @Column({ name: 'excluded_user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  excludedUserIds: string[];

  /** Handlers marked by a colleague as implicated; like exclusions, never granted or assigned. */
  @Column({ name: 'implicated_user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  implicatedUserIds: string[];

  /** One keyId per key kind (CRYPTO.md: nobody can be given a different key). */
  @Column({ name: 'shared_key_id', type: 'bytea' })
  sharedKeyId: Buffer;

  @Column({ name: 'identity_key_id', type: 'bytea', nullable: true })
  identityKeyId: Buffer | null;

  @Column({ name: 'internal_key_id', type: 'bytea', nullable: true })
  internalKeyId: Buffer | null;

  /** The persons-concerned key's id (R21), when the reporter's client sealed those entries under one. */
  @Column({ name: 'concerned_key_id', type: 'bytea', nullable: true })
  concernedKeyId: Buffer | null;

  /** The questionnaire version the report was answered with; null for the plain report form. */
  @Column({ name: 'questionnaire_id', type: 'uuid', nullable: true })
  questionnaireId: string | null;

  @ManyToOne(() => Questionnaire, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'questionnaire_id' })
  questionnaire?: Questionnaire;

  /** Immutable receipt time (R2). */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'acknowledgement_due_at', type: 'timestamptz' })
  acknowledgementDueAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'feedback_due_at', type: 'timestamptz' })
  feedbackDueAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The nearest open deadline (acknowledgement, then feedback; none once closed): what the inbox sorts by. */
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  /** Triage (R39): recorded when the case leaves "received". */
  @Column({ type: 'varchar', length: 8, nullable: true })
  priority: CasePriority | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  relevance: CaseRelevance | null;

  @Column({ name: 'retaliation_risk', type: 'varchar', length: 8, nullable: true })
  retaliationRisk: RetaliationRisk | null;

  @Column({ name: 'triaged_at', type: 'timestamptz', nullable: true })
  triagedAt: Date | null;

  /** Conclusion and closure (R40). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome: CaseOutcome | null;

  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true })
  concludedAt: Date | null;

  @Column({ name: 'feedback_given_at', type: 'timestamptz', nullable: true })
  feedbackGivenAt: Date | null;

  /** Recorded at closure (R40): whether the reporter was at risk of retaliation, and what was done. */
  @Column({ name: 'reporter_at_risk', type: 'boolean', nullable: true })
  reporterAtRisk: boolean | null;

  @Column({ name: 'protective_measures', type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  protectiveMeasures: ProtectiveMeasure[];

  /**
   * A follow-up with the reporter after closure (R40): it is the closed case's
   * deadline, reminded of like the others, until a handler records it done. Only a
   * closed case has one; reopening clears it with the rest of the closure.
   */
  @Column({ name: 'follow_up_at', type: 'timestamptz', nullable: true })
  followUpAt: Date | null;

  @Column({ name: 'follow_up_done_at', type: 'timestamptz', nullable: true })
  followUpDoneAt: Date | null;

  /**
   * Special-category or criminal-offence data in the case (R34), with the item id of
   * the encrypted note that records why keeping it is necessary (required with a flag).
   */
  @Column({ name: 'special_data', type: 'varchar', length: 24, array: true, default: () => "'{}'" })
  specialData: SpecialData[];

  @Column({ name: 'special_data_note_id', type: 'uuid', nullable: true })
  specialDataNoteId: string | null;

  /**
   * A report received another way (R5), registered by a handler whose browser made the
   * case: who registered it, how it arrived, and the SHA-256 of the original as
   * received (the original itself is encrypted in the case). Null for portal reports.
   */
  @Column({ name: 'forwarded_by_user_id', type: 'uuid', nullable: true })
  forwardedByUserId: string | null;

  @Column({ name: 'forwarded_via', type: 'varchar', length: 16, nullable: true })
  forwardedVia: ForwardedVia | null;

  @Column({ name: 'original_sha256', type: 'bytea', nullable: true })
  originalSha256: Buffer | null;

  /** GDPR 14 (R33): the persons concerned are informed within a month of receipt, unless deferred for a documented reason. */
  @Column({ name: 'subject_informed_due_at', type: 'timestamptz', nullable: true })
  subjectInformedDueAt: Date | null;

  @Column({ name: 'subject_informed_at', type: 'timestamptz', nullable: true })
  subjectInformedAt: Date | null;

  @Column({ name: 'subject_informed_deferral', type: 'varchar', length: 32, nullable: true })
  subjectInformedDeferral: SubjectInformedDeferral | null;

  /**
   * When the purge job deletes the case, and why. Set by the database trigger
   * `cases_purge_date` from the channel's policy on every insert, closure and reopening,
   * and recomputed when the policy changes; a legal hold postpones the deletion.
   */
  @Column({ name: 'purge_at', type: 'timestamptz' })
  purgeAt: Date;

  @Column({ name: 'purge_basis', type: 'varchar', length: 16 })
  purgeBasis: PurgeBasis;
}
