import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events recorded but not yet chained (see the AuditPending entity): actions append
 * here inside their own transaction without locking their organisation's chain head,
 * and the audit lib chains them right after the commit, many under one lock.
 */
export class AuditPending1763802000000 implements MigrationInterface {
  name = 'AuditPending1763802000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_pending" ("id" BIGSERIAL NOT NULL, "organisation_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_kind" character varying(16) NOT NULL, "actor_id" uuid, "actor_role" character varying(16), "action" character varying(64) NOT NULL, "case_id" uuid, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_75e10a15f610386e81e7f88cc29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_pending_org" ON "audit_pending"  ("organisation_id", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_pending_org"`);
    await queryRunner.query(`DROP TABLE "audit_pending"`);
  }
}
