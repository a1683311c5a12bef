import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last run of each background job (JobRun: what readiness and the status views
 * show), and the attachment store's identity (StorageIdentity: the purge runs only
 * where it sees the store the API writes to).
 */
export class JobRuns1763803000000 implements MigrationInterface {
  name = 'JobRuns1763803000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "job_runs" ("name" character varying(64) NOT NULL, "last_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_finished_at" TIMESTAMP WITH TIME ZONE, "last_succeeded_at" TIMESTAMP WITH TIME ZONE, "last_failed_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(64), "last_count" integer, "last_duration_ms" integer, CONSTRAINT "PK_b85618ada5b365476f91f989ed5" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "storage_identity" ("id" smallint NOT NULL, "store_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_08f8fd4381b5c907efd51c181dd" PRIMARY KEY ("id"), CONSTRAINT "ck_storage_identity_one_row" CHECK ("id" = 1))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "storage_identity"`);
    await queryRunner.query(`DROP TABLE "job_runs"`);
  }
}
