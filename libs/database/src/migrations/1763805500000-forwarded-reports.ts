import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports received another way (R5): a post letter, a mail, a call, a meeting or a
 * manager who passed one on. A handler registers it; the case records who did, how it
 * arrived and the SHA-256 of the original as received, all three or none.
 */
export class ForwardedReports1763805500000 implements MigrationInterface {
  name = 'ForwardedReports1763805500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "forwarded_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "forwarded_via" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "original_sha256" bytea`);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_forwarded_via" CHECK ("forwarded_via" IS NULL OR "forwarded_via" IN ('post', 'email', 'phone', 'meeting', 'manager', 'other'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_forwarded" CHECK (("forwarded_via" IS NULL) = ("forwarded_by_user_id" IS NULL) AND ("forwarded_via" IS NULL) = ("original_sha256" IS NULL) AND ("original_sha256" IS NULL OR octet_length("original_sha256") = 32))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_forwarded"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_forwarded_via"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "original_sha256"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "forwarded_via"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "forwarded_by_user_id"`);
  }
}
