import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts grow up: invitations, TOTP with one-time backup codes, per-account
 * lockout, the confidentiality notice, deactivation, who made each designation,
 * CSRF tokens on sessions, handlers implicated in a case, and expiring expert grants.
 */
export class StaffAccounts1763785000000 implements MigrationInterface {
  name = 'StaffAccounts1763785000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "staff_invitations" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "display_name" character varying(200) NOT NULL, "roles" text array NOT NULL, "designations" jsonb NOT NULL DEFAULT '[]', "token_hash" bytea NOT NULL, "invited_by" uuid NOT NULL, "pending_totp_secret" bytea, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e5f1be5d7c89f8c3348ef16ced2" UNIQUE ("token_hash"), CONSTRAINT "PK_842e5346c92d8003bdb2140b6c8" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_81af0cd8e5850ac2f664229edb" ON "staff_invitations"  ("organisation_id") `,
      `CREATE TABLE "staff_backup_codes" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "code_hash" bytea NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d5fe55179789ddc00f6de4f08b1" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_d584358f253a9af10266ae3d0c" ON "staff_backup_codes"  ("user_id") `,
      `ALTER TABLE "cases" ADD "implicated_user_ids" uuid array NOT NULL DEFAULT '{}'`,
      `ALTER TABLE "staff_users" ADD "totp_secret" bytea`,
      `ALTER TABLE "staff_users" ADD "totp_last_step" bigint NOT NULL DEFAULT '0'`,
      `ALTER TABLE "staff_users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`,
      `ALTER TABLE "staff_users" ADD "locked_until" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "staff_users" ADD "confidentiality_accepted_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "staff_users" ADD "confidentiality_version" integer`,
      `ALTER TABLE "staff_users" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "channel_members" ADD "designated_by" uuid`,
      `ALTER TABLE "case_grants" ADD "expires_at" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "case_grants" ADD "reason" text`,
      `CREATE INDEX "IDX_7ed04f8c5adcd84a52b40879c1" ON "case_grants"  ("expires_at") `,
      // Sessions from before CSRF tokens existed cannot be upgraded: everyone signs in again.
      `DELETE FROM "staff_sessions"`,
      `ALTER TABLE "staff_sessions" ADD "csrf_hash" bytea NOT NULL`,
      `ALTER TABLE "staff_invitations" ADD CONSTRAINT "FK_81af0cd8e5850ac2f664229edb4" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "staff_backup_codes" ADD CONSTRAINT "FK_d584358f253a9af10266ae3d0cc" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "staff_backup_codes" DROP CONSTRAINT "FK_d584358f253a9af10266ae3d0cc"`,
      `ALTER TABLE "staff_invitations" DROP CONSTRAINT "FK_81af0cd8e5850ac2f664229edb4"`,
      `ALTER TABLE "staff_sessions" DROP COLUMN "csrf_hash"`,
      `DROP INDEX "public"."IDX_7ed04f8c5adcd84a52b40879c1"`,
      `ALTER TABLE "case_grants" DROP COLUMN "reason"`,
      `ALTER TABLE "case_grants" DROP COLUMN "expires_at"`,
      `ALTER TABLE "channel_members" DROP COLUMN "designated_by"`,
      `ALTER TABLE "staff_users" DROP COLUMN "deactivated_at"`,
      `ALTER TABLE "staff_users" DROP COLUMN "confidentiality_version"`,
      `ALTER TABLE "staff_users" DROP COLUMN "confidentiality_accepted_at"`,
      `ALTER TABLE "staff_users" DROP COLUMN "locked_until"`,
      `ALTER TABLE "staff_users" DROP COLUMN "failed_logins"`,
      `ALTER TABLE "staff_users" DROP COLUMN "totp_last_step"`,
      `ALTER TABLE "staff_users" DROP COLUMN "totp_secret"`,
      `ALTER TABLE "cases" DROP COLUMN "implicated_user_ids"`,
      `DROP INDEX "public"."IDX_d584358f253a9af10266ae3d0c"`,
      `DROP TABLE "staff_backup_codes"`,
      `DROP INDEX "public"."IDX_81af0cd8e5850ac2f664229edb"`,
      `DROP TABLE "staff_invitations"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
