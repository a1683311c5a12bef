import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a channel's reporters may record a voice message (issue 20). The portal
 * disguises and encrypts it in the browser; the server only learns that the channel
 * allows it. Off for every existing channel until an admin turns it on.
 */
export class VoiceMessages1763808000000 implements MigrationInterface {
  name = 'VoiceMessages1763808000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "channels" ADD "voice_enabled" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "channels" DROP COLUMN "voice_enabled"`);
  }
}
