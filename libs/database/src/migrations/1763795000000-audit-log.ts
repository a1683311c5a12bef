import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash-chained access log. `audit_events` is append-only: a trigger refuses
 * every UPDATE and TRUNCATE, and every DELETE except the documented retention
 * prune, which runs with the transaction-local setting `kanava.audit_prune = on`
 * (see libs/audit). A database superuser can still bypass triggers; the hash
 * chain and signed checkpoints are what detect that.
 */
export class AuditLog1763795000000 implements MigrationInterface {
  name = 'AuditLog1763795000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "audit_events" ("organisation_id" uuid NOT NULL, "seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_kind" character varying(16) NOT NULL, "actor_id" uuid, "actor_role" character varying(16), "action" character varying(64) NOT NULL, "case_id" uuid, "details" jsonb NOT NULL DEFAULT '{}', "prev_hash" bytea NOT NULL, "hash" bytea NOT NULL, CONSTRAINT "PK_175d4116a68784af4758d2d5f73" PRIMARY KEY ("organisation_id", "seq"))`,
      `CREATE INDEX "ix_audit_events_time" ON "audit_events"  ("organisation_id", "occurred_at") `,
      `CREATE INDEX "ix_audit_events_action" ON "audit_events"  ("organisation_id", "action", "seq") `,
      `CREATE INDEX "ix_audit_events_actor" ON "audit_events"  ("organisation_id", "actor_id", "seq") `,
      `CREATE INDEX "ix_audit_events_case" ON "audit_events"  ("organisation_id", "case_id", "seq") `,
      `CREATE TABLE "audit_heads" ("organisation_id" uuid NOT NULL, "seq" bigint NOT NULL, "hash" bytea NOT NULL, "pruned_through" bigint NOT NULL DEFAULT '0', "pruned_hash" bytea, CONSTRAINT "PK_ce5a442507cc213e907cd7ed227" PRIMARY KEY ("organisation_id"))`,
      `CREATE TABLE "audit_checkpoints" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "seq" bigint NOT NULL, "hash" bytea NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "public_key" bytea NOT NULL, "signature" bytea NOT NULL, CONSTRAINT "PK_ec62ec0b7b181580b1fa64e1167" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_audit_checkpoints_org" ON "audit_checkpoints"  ("organisation_id", "seq") `,
      `CREATE FUNCTION kanava_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND current_setting('kanava.audit_prune', true) = 'on' THEN
           RETURN OLD;
         END IF;
         RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
       END $$`,
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION kanava_audit_append_only()`,
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION kanava_audit_append_only()`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TRIGGER audit_events_no_truncate ON "audit_events"`,
      `DROP TRIGGER audit_events_append_only ON "audit_events"`,
      `DROP FUNCTION kanava_audit_append_only()`,
      `DROP INDEX "public"."ix_audit_checkpoints_org"`,
      `DROP TABLE "audit_checkpoints"`,
      `DROP TABLE "audit_heads"`,
      `DROP INDEX "public"."ix_audit_events_case"`,
      `DROP INDEX "public"."ix_audit_events_actor"`,
      `DROP INDEX "public"."ix_audit_events_action"`,
      `DROP INDEX "public"."ix_audit_events_time"`,
      `DROP TABLE "audit_events"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
