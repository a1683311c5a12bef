import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The identity of the deployment's attachment store: the same id is written as an
 * object into the store itself. A process whose store does not hold it (a worker
 * with a volume of its own, a wrong bucket) is not looking at the API's files, and
 * its purge would delete rows but leave the ciphertext behind; it refuses to purge.
 */
@Entity('storage_identity')
@Check('ck_storage_identity_one_row', '"id" = 1')
export class StorageIdentity {
  /** Always 1: one row. */
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
