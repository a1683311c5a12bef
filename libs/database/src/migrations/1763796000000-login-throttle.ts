import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling moves from the account row to a table keyed by an HMAC of the
 * address, written for unknown addresses too, so timing does not tell whether an
 * account exists.
 */
export class LoginThrottle1763796000000 implements MigrationInterface {
  name = 'LoginThrottle1763796000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "login_throttle" ("key_hash" bytea NOT NULL, "failures" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_58297e0a1c374c7c17bd4b74521" PRIMARY KEY ("key_hash"))`,
      `ALTER TABLE "staff_users" DROP COLUMN "failed_logins"`,
      `ALTER TABLE "staff_users" DROP COLUMN "locked_until"`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "staff_users" ADD "locked_until" TIMESTAMP WITH TIME ZONE`,
      `ALTER TABLE "staff_users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`,
      `DROP TABLE "login_throttle"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
