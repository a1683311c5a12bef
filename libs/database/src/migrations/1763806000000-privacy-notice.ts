import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each channel's privacy notice (GDPR 13–14): the organisation's own text in fi, sv
 * and en (each at most 20,000 characters; none: the built-in template), and who hosts
 * Kanava and where, which the template and the record of processing name.
 */
export class PrivacyNotice1763806000000 implements MigrationInterface {
  name = 'PrivacyNotice1763806000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "channel_privacy_notices" ("channel_id" uuid NOT NULL, "text_fi" character varying(20000), "text_sv" character varying(20000), "text_en" character varying(20000), "processor" character varying(300), "storage_location" character varying(300), "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ad91b6823b60cce27718e233a73" PRIMARY KEY ("channel_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "channel_privacy_notices" ADD CONSTRAINT "FK_ad91b6823b60cce27718e233a73" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "channel_privacy_notices" DROP CONSTRAINT "FK_ad91b6823b60cce27718e233a73"`);
    await queryRunner.query(`DROP TABLE "channel_privacy_notices"`);
  }
}
