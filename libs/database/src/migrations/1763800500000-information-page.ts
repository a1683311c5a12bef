import { MigrationInterface, QueryRunner } from 'typeorm';

/** The organisation's own text on the reporter portal's information page (REQUIREMENTS R3), per language. */
export class InformationPage1763800500000 implements MigrationInterface {
  name = 'InformationPage1763800500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" ADD "information_page" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "information_page"`);
  }
}
