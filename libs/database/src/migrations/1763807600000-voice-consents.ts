import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent to keep a voice message (R28): the reporter's signed choice per recording
 * (keep, or transcript only) and when a transcript-only recording was destroyed; and
 * which recording each transcript transcribes, as its handler named it.
 */
export class VoiceConsents1763807600000 implements MigrationInterface {
  name = 'VoiceConsents1763807600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "voice_consents" ("attachment_id" uuid NOT NULL, "case_id" uuid NOT NULL, "choice" character varying(16) NOT NULL, "signature" bytea NOT NULL, "given_at" TIMESTAMP WITH TIME ZONE NOT NULL, "destroyed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_voice_consents_signature" CHECK (octet_length("signature") = 64), CONSTRAINT "ck_voice_consents_choice" CHECK ("choice" IN ('keep', 'transcript-only')), CONSTRAINT "PK_d2ced081129c00ce5e627dced3c" PRIMARY KEY ("attachment_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_voice_consents_case" ON "voice_consents"  ("case_id") `);
    await queryRunner.query(
      `CREATE TABLE "transcript_recordings" ("transcript_item_id" uuid NOT NULL, "attachment_id" uuid NOT NULL, CONSTRAINT "PK_f34292b6ae0cd891d283cd10cbd" PRIMARY KEY ("transcript_item_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_transcript_recordings_attachment" ON "transcript_recordings"  ("attachment_id") `);
    await queryRunner.query(
      `ALTER TABLE "voice_consents" ADD CONSTRAINT "FK_35e5b7ca70488103ebfb4574c92" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transcript_recordings" ADD CONSTRAINT "FK_f34292b6ae0cd891d283cd10cbd" FOREIGN KEY ("transcript_item_id") REFERENCES "case_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "transcript_recordings" DROP CONSTRAINT "FK_f34292b6ae0cd891d283cd10cbd"`);
    await queryRunner.query(`ALTER TABLE "voice_consents" DROP CONSTRAINT "FK_35e5b7ca70488103ebfb4574c92"`);
    await queryRunner.query(`DROP INDEX "public"."ix_transcript_recordings_attachment"`);
    await queryRunner.query(`DROP TABLE "transcript_recordings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_voice_consents_case"`);
    await queryRunner.query(`DROP TABLE "voice_consents"`);
  }
}
