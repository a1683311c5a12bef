import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Stored objects still to delete after their rows went: the purge job writes one
 * row per purged case with attachments in the same transaction that deletes the
 * case, then removes the objects and the row. A crash in between leaves the row,
 * and the next run finishes the job, so no ciphertext outlives its case.
 */
@Entity('storage_deletions')
export class StorageDeletion {
  /** An attachment-store prefix, e.g. `cases/<case id>/`. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  prefix: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
