import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Persons concerned under their own key (R21): the case's `concerned` keyId, set at
 * submission when the reporter's client sealed the entries under it (null for a case
 * from a v1 client, whose entries are under the shared key), and whether a recorded
 * disclosure includes them.
 */
export class PersonsConcernedKey1763810200000 implements MigrationInterface {
  name = 'PersonsConcernedKey1763810200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "concerned_key_id" bytea`);
    await queryRunner.query(`ALTER TABLE "disclosures" ADD "includes_persons_concerned" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "disclosures" DROP COLUMN "includes_persons_concerned"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "concerned_key_id"`);
  }
}
