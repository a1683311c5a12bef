import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation key directory (docs/key-directory.md): the directory-signing
 * public key beside the recovery key, and the signed entries, which a trigger keeps
 * append-only like the audit log (a replaced or removed key stays in the history).
 */
export class KeyDirectory1763804000000 implements MigrationInterface {
  name = 'KeyDirectory1763804000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "key_directory_entries" ("organisation_id" uuid NOT NULL, "seq" integer NOT NULL, "action" character varying(16) NOT NULL, "user_id" uuid NOT NULL, "roles" text array NOT NULL, "display_name" character varying(200) NOT NULL, "box_public_key" bytea NOT NULL, "sign_public_key" bytea NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE, "prev_hash" bytea NOT NULL, "signature" bytea NOT NULL, "hash" bytea NOT NULL, "appended_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_16be9878a4111346963c1c716f0" PRIMARY KEY ("organisation_id", "seq"))`,
      `CREATE INDEX "ix_key_directory_user" ON "key_directory_entries"  ("organisation_id", "user_id", "seq") `,
      `ALTER TABLE "organisations" ADD "directory_public_key" bytea`,
      `CREATE FUNCTION kanava_key_directory_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'key_directory_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
       END $$`,
      `CREATE TRIGGER key_directory_append_only BEFORE UPDATE OR DELETE ON "key_directory_entries" FOR EACH ROW EXECUTE FUNCTION kanava_key_directory_append_only()`,
      `CREATE TRIGGER key_directory_no_truncate BEFORE TRUNCATE ON "key_directory_entries" FOR EACH STATEMENT EXECUTE FUNCTION kanava_key_directory_append_only()`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TRIGGER key_directory_no_truncate ON "key_directory_entries"`,
      `DROP TRIGGER key_directory_append_only ON "key_directory_entries"`,
      `DROP FUNCTION kanava_key_directory_append_only()`,
      `ALTER TABLE "organisations" DROP COLUMN "directory_public_key"`,
      `DROP INDEX "public"."ix_key_directory_user"`,
      `DROP TABLE "key_directory_entries"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
