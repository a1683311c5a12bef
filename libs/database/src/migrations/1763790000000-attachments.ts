import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Encrypted evidence files: one row per attachment with its signed metadata and
 * file-key items, its padded ciphertext size, the upload progress and the stored
 * segments. The ciphertext itself lives in the storage driver, never here.
 */
export class Attachments1763790000000 implements MigrationInterface {
  name = 'Attachments1763790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "attachments" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "size" bigint NOT NULL, "received" bigint NOT NULL, "complete" boolean NOT NULL, "segments" jsonb NOT NULL, "key_id" bytea NOT NULL, "meta_nonce" bytea NOT NULL, "meta_ciphertext" bytea NOT NULL, "meta_signature" bytea NOT NULL, "file_key_nonce" bytea NOT NULL, "file_key_ciphertext" bytea NOT NULL, "file_key_signature" bytea NOT NULL, "author_kind" character varying(16) NOT NULL, "author_user_id" uuid, "signer_public_key" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_attachments_incomplete_updated" ON "attachments"  ("updated_at") WHERE NOT complete`,
      `CREATE INDEX "ix_attachments_case_created" ON "attachments"  ("case_id", "created_at") `,
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_2ecf0bc117c5bfeac567475c871" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "attachments" DROP CONSTRAINT "FK_2ecf0bc117c5bfeac567475c871"`,
      `DROP INDEX "public"."ix_attachments_case_created"`,
      `DROP INDEX "public"."ix_attachments_incomplete_updated"`,
      `DROP TABLE "attachments"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
