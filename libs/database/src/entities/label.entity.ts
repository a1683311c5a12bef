import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Case } from './case.entity';
import { Organisation } from './organisation.entity';
import { StaffUser } from './staff-user.entity';

/** Most characters of a label's and a saved filter's name. */
export const LABEL_NAME_MAX = 60;

/**
 * A label an admin defines for the organisation ("Needs legal", "Waiting for documents"):
 * a name and nothing of any case, so it is metadata like the status. Owned by libs/labels.
 */
@Entity('labels')
@Unique('uq_labels_organisation_name', ['organisationId', 'name'])
export class Label {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: LABEL_NAME_MAX })
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A label on a case, who put it there and when; goes with the case when it is purged. Owned by libs/labels. */
@Entity('case_labels')
@Index('ix_case_labels_label', ['labelId'])
export class CaseLabel {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @PrimaryColumn({ name: 'label_id', type: 'uuid' })
  labelId: string;

  @ManyToOne(() => Label, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'label_id' })
  label?: Label;

  @Column({ name: 'labelled_by', type: 'uuid', nullable: true })
  labelledBy: string | null;

  @Column({ name: 'labelled_at', type: 'timestamptz' })
  labelledAt: Date;
}

/** The inbox filters a handler keeps by name: status, channel, category, deadline, label and the rest; no content. Owned by libs/cases. */
@Entity('saved_filters')
@Unique('uq_saved_filters_user_name', ['userId', 'name'])
export class SavedFilter {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: StaffUser;

  @Column({ type: 'varchar', length: LABEL_NAME_MAX })
  name: string;

  /** The inbox's query parameters, as the inbox sends them (validated on save). */
  @Column({ type: 'jsonb' })
  filter: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
