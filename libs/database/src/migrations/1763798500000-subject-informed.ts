import { MigrationInterface, QueryRunner } from 'typeorm';

/** GDPR 14 tracking (R33): when the persons concerned must be informed, when they were, or why it is deferred. */
export class SubjectInformed1763798500000 implements MigrationInterface {
  name = 'SubjectInformed1763798500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "cases" ADD "subject_informed_due_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "cases" ADD "subject_informed_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "cases" ADD "subject_informed_deferral" character varying(32)`,
      `UPDATE "cases" SET "subject_informed_due_at" = "received_at" + interval '1 month'`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "cases" DROP COLUMN "subject_informed_deferral"`,
      `ALTER TABLE "cases" DROP COLUMN "subject_informed_at"`,
      `ALTER TABLE "cases" DROP COLUMN "subject_informed_due_at"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
