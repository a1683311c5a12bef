import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporter's signed reviews of transcripts and minutes (R29): one per transcript
 * item, approved or corrections proposed, with the SHA-256 of the transcript it was made
 * on and the reporter's signature. Deleted with the transcript item or the case.
 */
export class TranscriptReviews1763807500000 implements MigrationInterface {
  name = 'TranscriptReviews1763807500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "transcript_reviews" ("transcript_item_id" uuid NOT NULL, "case_id" uuid NOT NULL, "decision" character varying(24) NOT NULL, "transcript_sha256" bytea NOT NULL, "signature" bytea NOT NULL, "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_transcript_reviews_lengths" CHECK (octet_length("transcript_sha256") = 32 AND octet_length("signature") = 64), CONSTRAINT "ck_transcript_reviews_decision" CHECK ("decision" IN ('approved', 'corrections-proposed')), CONSTRAINT "PK_659630be605d2e104e276d826eb" PRIMARY KEY ("transcript_item_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_transcript_reviews_case" ON "transcript_reviews"  ("case_id") `);
    await queryRunner.query(
      `ALTER TABLE "transcript_reviews" ADD CONSTRAINT "FK_659630be605d2e104e276d826eb" FOREIGN KEY ("transcript_item_id") REFERENCES "case_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transcript_reviews" ADD CONSTRAINT "FK_21cdc24c936c501e1be748874b3" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "transcript_reviews" DROP CONSTRAINT "FK_21cdc24c936c501e1be748874b3"`);
    await queryRunner.query(`ALTER TABLE "transcript_reviews" DROP CONSTRAINT "FK_659630be605d2e104e276d826eb"`);
    await queryRunner.query(`DROP INDEX "public"."ix_transcript_reviews_case"`);
    await queryRunner.query(`DROP TABLE "transcript_reviews"`);
  }
}
