import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: organisations, channels and categories, staff with their public
 * keys and wrapped key bundles, designations, cases with their encrypted items and
 * key grants, proof-of-work challenges and staff sessions. Case content exists here
 * only as ciphertext.
 */
export class InitialSchema1763780000000 implements MigrationInterface {
  name = 'InitialSchema1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "organisations" ("id" uuid NOT NULL, "slug" character varying(63) NOT NULL, "name" character varying(200) NOT NULL, "recovery_public_key" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_db67ac918db3917134d0c9edbb3" UNIQUE ("slug"), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
      `CREATE TABLE "channels" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "allow_anonymous" boolean NOT NULL DEFAULT true, "exclusion_enabled" boolean NOT NULL DEFAULT false, "retention_days" integer NOT NULL DEFAULT '1826', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc603823f3f741359c2339389f9" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_1c8f6312bcd00936c60c6931f7" ON "channels"  ("organisation_id") `,
      `CREATE TABLE "categories" ("id" uuid NOT NULL, "channel_id" uuid NOT NULL, "label" character varying(200) NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_24dbc6126a28ff948da33e97d3b" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_ea7c350b66eb1d25b8908c90b8" ON "categories"  ("channel_id") `,
      `CREATE TABLE "cases" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "category_id" uuid, "reference" character varying(16) NOT NULL, "lookup_token_hash" bytea NOT NULL, "reporter_sign_public_key" bytea NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'received', "excluded_user_ids" uuid array NOT NULL DEFAULT '{}', "shared_key_id" bytea NOT NULL, "identity_key_id" bytea, "internal_key_id" bytea, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledgement_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "feedback_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_3d9e8152baaf1176f0be1f34ba2" UNIQUE ("lookup_token_hash"), CONSTRAINT "uq_cases_organisation_reference" UNIQUE ("organisation_id", "reference"), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_bfef6b2cf67b621d8f5c2d3f41" ON "cases"  ("channel_id") `,
      `CREATE INDEX "ix_cases_organisation_received" ON "cases"  ("organisation_id", "received_at", "id") `,
      `CREATE TABLE "staff_users" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "display_name" character varying(200) NOT NULL, "roles" text array NOT NULL DEFAULT '{}', "box_public_key" bytea NOT NULL, "sign_public_key" bytea NOT NULL, "kdf" jsonb NOT NULL, "salt" bytea NOT NULL, "auth_key_hash" bytea NOT NULL, "key_bundle" bytea NOT NULL, "recovery_key_bundle" bytea NOT NULL, "recovery_auth_hash" bytea NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_4f32dd66546226ea64f5573b770" UNIQUE ("email"), CONSTRAINT "PK_c6b167335377df69f7910c2c75e" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_050ea36338f3e093a8e625cab4" ON "staff_users"  ("organisation_id") `,
      `CREATE TABLE "case_grants" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "key_kind" character varying(16) NOT NULL, "grantee" character varying(64) NOT NULL, "grantee_user_id" uuid, "key_id" bytea NOT NULL, "sealed" bytea NOT NULL, "signature" bytea NOT NULL, "signed_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_case_grants_case_kind_grantee" UNIQUE ("case_id", "key_kind", "grantee"), CONSTRAINT "PK_87d1e0189440df3668de786b174" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_bdb94475682176edadf6d549d7" ON "case_grants"  ("grantee_user_id") `,
      `CREATE TABLE "case_items" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "key_id" bytea NOT NULL, "nonce" bytea NOT NULL, "ciphertext" bytea NOT NULL, "signature" bytea NOT NULL, "author_kind" character varying(16) NOT NULL, "author_user_id" uuid, "signer_public_key" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d96bc48c14fc5c8b362774e23f1" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_case_items_case_created" ON "case_items"  ("case_id", "created_at") `,
      `CREATE TABLE "challenges" ("id" uuid NOT NULL, "salt" bytea NOT NULL, "difficulty" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1e664e93171e20fe4d6125466af" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_f48d8d088e92facde6375bd3b6" ON "challenges"  ("expires_at") `,
      `CREATE TABLE "channel_members" ("channel_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7f360b6b0df1d4ed356dd47bc6e" PRIMARY KEY ("channel_id", "user_id", "role"))`,
      `CREATE INDEX "IDX_2211e70107e1663e0ea61d70de" ON "channel_members"  ("user_id") `,
      `CREATE TABLE "staff_sessions" ("id" uuid NOT NULL, "token_hash" bytea NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_c435ca5b3c71d72635df8d4119d" UNIQUE ("token_hash"), CONSTRAINT "PK_b9be2467392ab95efaa3661cce2" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_2d3e82105bee50ac45fe3ed597" ON "staff_sessions"  ("user_id") `,
      `ALTER TABLE "channels" ADD CONSTRAINT "FK_1c8f6312bcd00936c60c6931f7d" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "categories" ADD CONSTRAINT "FK_ea7c350b66eb1d25b8908c90b80" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_7637dde4a13e5c3c858309f2bef" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_bfef6b2cf67b621d8f5c2d3f410" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_a63d2b08b95f825c84d0e7b5441" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
      `ALTER TABLE "staff_users" ADD CONSTRAINT "FK_050ea36338f3e093a8e625cab45" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "case_grants" ADD CONSTRAINT "FK_e85ac29f30e8e07713314f9adc2" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "case_grants" ADD CONSTRAINT "FK_bdb94475682176edadf6d549d7b" FOREIGN KEY ("grantee_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "case_items" ADD CONSTRAINT "FK_c8177f68823e0e40d9d0e736365" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "channel_members" ADD CONSTRAINT "FK_71a10831469775a1effdd85f240" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "channel_members" ADD CONSTRAINT "FK_2211e70107e1663e0ea61d70de6" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "staff_sessions" ADD CONSTRAINT "FK_2d3e82105bee50ac45fe3ed5975" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "staff_sessions" DROP CONSTRAINT "FK_2d3e82105bee50ac45fe3ed5975"`,
      `ALTER TABLE "channel_members" DROP CONSTRAINT "FK_2211e70107e1663e0ea61d70de6"`,
      `ALTER TABLE "channel_members" DROP CONSTRAINT "FK_71a10831469775a1effdd85f240"`,
      `ALTER TABLE "case_items" DROP CONSTRAINT "FK_c8177f68823e0e40d9d0e736365"`,
      `ALTER TABLE "case_grants" DROP CONSTRAINT "FK_bdb94475682176edadf6d549d7b"`,
      `ALTER TABLE "case_grants" DROP CONSTRAINT "FK_e85ac29f30e8e07713314f9adc2"`,
      `ALTER TABLE "staff_users" DROP CONSTRAINT "FK_050ea36338f3e093a8e625cab45"`,
      `ALTER TABLE "cases" DROP CONSTRAINT "FK_a63d2b08b95f825c84d0e7b5441"`,
      `ALTER TABLE "cases" DROP CONSTRAINT "FK_bfef6b2cf67b621d8f5c2d3f410"`,
      `ALTER TABLE "cases" DROP CONSTRAINT "FK_7637dde4a13e5c3c858309f2bef"`,
      `ALTER TABLE "categories" DROP CONSTRAINT "FK_ea7c350b66eb1d25b8908c90b80"`,
      `ALTER TABLE "channels" DROP CONSTRAINT "FK_1c8f6312bcd00936c60c6931f7d"`,
      `DROP INDEX "public"."IDX_2d3e82105bee50ac45fe3ed597"`,
      `DROP TABLE "staff_sessions"`,
      `DROP INDEX "public"."IDX_2211e70107e1663e0ea61d70de"`,
      `DROP TABLE "channel_members"`,
      `DROP INDEX "public"."IDX_f48d8d088e92facde6375bd3b6"`,
      `DROP TABLE "challenges"`,
      `DROP INDEX "public"."ix_case_items_case_created"`,
      `DROP TABLE "case_items"`,
      `DROP INDEX "public"."IDX_bdb94475682176edadf6d549d7"`,
      `DROP TABLE "case_grants"`,
      `DROP INDEX "public"."IDX_050ea36338f3e093a8e625cab4"`,
      `DROP TABLE "staff_users"`,
      `DROP INDEX "public"."ix_cases_organisation_received"`,
      `DROP INDEX "public"."IDX_bfef6b2cf67b621d8f5c2d3f41"`,
      `DROP TABLE "cases"`,
      `DROP INDEX "public"."IDX_ea7c350b66eb1d25b8908c90b8"`,
      `DROP TABLE "categories"`,
      `DROP INDEX "public"."IDX_1c8f6312bcd00936c60c6931f7"`,
      `DROP TABLE "channels"`,
      `DROP TABLE "organisations"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
