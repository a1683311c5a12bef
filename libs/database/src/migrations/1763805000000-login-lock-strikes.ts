import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sign-in lock that stops guessing without locking out the owner: when the lock
 * began (the owner's right password and code open it after a short back-off), and
 * the failures that carried the account's right password (only someone who knows it
 * makes them; enough of them lock the address for the owner too).
 */
export class LoginLockStrikes1763805000000 implements MigrationInterface {
  name = 'LoginLockStrikes1763805000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_throttle" ADD "locked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "login_throttle" ADD "strikes" integer NOT NULL DEFAULT '0'`);
    // A lock already running began at most its length ago: counted from now it lasts no longer.
    await queryRunner.query(`UPDATE "login_throttle" SET "locked_at" = now() WHERE "locked_until" > now()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_throttle" DROP COLUMN "strikes"`);
    await queryRunner.query(`ALTER TABLE "login_throttle" DROP COLUMN "locked_at"`);
  }
}
