import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Special-category and criminal-offence data (R34, FI 30 §): a case's flag, with the
 * id of the encrypted note that records why processing it is necessary. A flag
 * without a note cannot be stored.
 */
export class SpecialData1763805400000 implements MigrationInterface {
  name = 'SpecialData1763805400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "special_data" character varying(24) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "special_data_note_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_special_data" CHECK ("special_data" <@ ARRAY['special_category', 'criminal_offence']::varchar[])`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_special_data_note" CHECK (cardinality("special_data") = 0 OR "special_data_note_id" IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_special_data_note"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_special_data"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "special_data_note_id"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "special_data"`);
  }
}
