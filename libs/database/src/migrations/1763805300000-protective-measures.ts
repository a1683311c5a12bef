import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closure records protection (R40): whether the reporter was at risk, the measures
 * taken (codes from PROTECTIVE_MEASURES), and a follow-up date after closure that
 * is the closed case's deadline until a handler records it done. Only a closed case
 * may carry a follow-up, so a reopened case cannot keep a stale one.
 */
export class ProtectiveMeasures1763805300000 implements MigrationInterface {
  name = 'ProtectiveMeasures1763805300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "reporter_at_risk" boolean`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "protective_measures" character varying(32) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "follow_up_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "follow_up_done_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_protective_measures" CHECK ("protective_measures" <@ ARRAY['identity_access_restricted', 'work_arrangements_changed', 'retaliation_monitoring', 'support_referral', 'interim_measures', 'other']::varchar[])`,
    );
    await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_follow_up" CHECK ("follow_up_at" IS NULL OR "closed_at" IS NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "deadline_reminders" WHERE "kind" = 'closure_follow_up'`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_follow_up"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_protective_measures"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "follow_up_done_at"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "follow_up_at"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "protective_measures"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "reporter_at_risk"`);
  }
}
