import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Questionnaires per channel, versioned: each save adds a version (never changed or
 * deleted), and a case records the version its report was answered with (null: the
 * plain report form). The answers themselves are an encrypted `answers` item.
 */
export class Questionnaires1763810300000 implements MigrationInterface {
  name = 'Questionnaires1763810300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "questionnaires" ("id" uuid NOT NULL, "channel_id" uuid NOT NULL, "version" integer NOT NULL, "questions" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_questionnaires_channel_version" UNIQUE ("channel_id", "version"), CONSTRAINT "PK_questionnaires" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "questionnaires" ADD CONSTRAINT "FK_b49d46a18f7d80fdba993d4c985" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "cases" ADD "questionnaire_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_db5e62c7d0753aec36c18cf76f6" FOREIGN KEY ("questionnaire_id") REFERENCES "questionnaires"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_db5e62c7d0753aec36c18cf76f6"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "questionnaire_id"`);
    await queryRunner.query(`ALTER TABLE "questionnaires" DROP CONSTRAINT "FK_b49d46a18f7d80fdba993d4c985"`);
    await queryRunner.query(`DROP TABLE "questionnaires"`);
  }
}
