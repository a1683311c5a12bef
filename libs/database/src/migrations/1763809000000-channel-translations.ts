import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channel names, descriptions and category labels per language (jsonb keyed by
 * language code). The existing single-language columns stay the default, so existing
 * rows read as before: an empty object means "no translation".
 */
export class ChannelTranslations1763809000000 implements MigrationInterface {
  name = 'ChannelTranslations1763809000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "channels" ADD "translations" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "categories" ADD "translations" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "categories" DROP COLUMN "translations"`);
    await queryRunner.query(`ALTER TABLE "channels" DROP COLUMN "translations"`);
  }
}
