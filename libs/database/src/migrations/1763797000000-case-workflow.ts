import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case workflow (R39, R40): triage and closure records, and the nearest open
 * deadline that the inbox sorts and filters by (indexed per organisation).
 * Existing cases get their nearest deadline computed from their dates.
 */
export class CaseWorkflow1763797000000 implements MigrationInterface {
  name = 'CaseWorkflow1763797000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "cases" ADD "next_due_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "cases" ADD "priority" character varying(8)`,
      `ALTER TABLE "cases" ADD "relevance" character varying(16)`,
      `ALTER TABLE "cases" ADD "retaliation_risk" character varying(8)`,
      `ALTER TABLE "cases" ADD "triaged_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "cases" ADD "outcome" character varying(24)`,
      `ALTER TABLE "cases" ADD "concluded_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "cases" ADD "feedback_given_at" TIMESTAMP WITH TIME ZONE`,
      `UPDATE "cases" SET "next_due_at" = CASE WHEN "closed_at" IS NOT NULL THEN NULL WHEN "acknowledged_at" IS NULL THEN "acknowledgement_due_at" ELSE "feedback_due_at" END`,
      `CREATE INDEX "ix_cases_organisation_due" ON "cases"  ("organisation_id", "next_due_at", "id") `,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP INDEX "public"."ix_cases_organisation_due"`,
      `ALTER TABLE "cases" DROP COLUMN "feedback_given_at"`,
      `ALTER TABLE "cases" DROP COLUMN "concluded_at"`,
      `ALTER TABLE "cases" DROP COLUMN "outcome"`,
      `ALTER TABLE "cases" DROP COLUMN "triaged_at"`,
      `ALTER TABLE "cases" DROP COLUMN "retaliation_risk"`,
      `ALTER TABLE "cases" DROP COLUMN "relevance"`,
      `ALTER TABLE "cases" DROP COLUMN "priority"`,
      `ALTER TABLE "cases" DROP COLUMN "next_due_at"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
