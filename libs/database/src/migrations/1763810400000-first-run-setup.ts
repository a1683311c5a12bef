import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first-run set-up invites the organisation's first admin, whom no admin invited: `invited_by` may be null. */
export class FirstRunSetup1763810400000 implements MigrationInterface {
  name = 'FirstRunSetup1763810400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_invitations" ALTER COLUMN "invited_by" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "staff_invitations" WHERE "invited_by" IS NULL`);
    await queryRunner.query(`ALTER TABLE "staff_invitations" ALTER COLUMN "invited_by" SET NOT NULL`);
  }
}
