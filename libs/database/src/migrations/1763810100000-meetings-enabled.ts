import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per channel, whether reporters may ask for a meeting or a call (R1); on by default. */
export class MeetingsEnabled1763810100000 implements MigrationInterface {
  name = 'MeetingsEnabled1763810100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "channels" ADD "meetings_enabled" boolean NOT NULL DEFAULT true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "channels" DROP COLUMN "meetings_enabled"`);
  }
}
