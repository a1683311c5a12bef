import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The languages an organisation writes its own texts in beyond the portal's Finnish,
 * Swedish and English (docs/reporter-protocol-extensions.md, "Languages the
 * organisation adds"). At most 12, checked by the admin route; the constraint keeps
 * the codes' shape even against a hand-made update.
 */
export class TextLanguages1763810600000 implements MigrationInterface {
  name = 'TextLanguages1763810600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organisations" ADD COLUMN "text_languages" varchar(3)[] NOT NULL DEFAULT '{}'
         CONSTRAINT "organisations_text_languages_shape" CHECK (cardinality("text_languages") <= 12
           AND array_to_string("text_languages", ',') ~ '^([a-z]{2,3}(,[a-z]{2,3})*)?$')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "text_languages"`);
  }
}
