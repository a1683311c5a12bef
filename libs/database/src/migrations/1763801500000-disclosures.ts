import { MigrationInterface, QueryRunner } from 'typeorm';

/** Recorded disclosures of cases outside the designated handlers (R20): ground, recipient, advance notice. */
export class Disclosures1763801500000 implements MigrationInterface {
  name = 'Disclosures1763801500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "disclosures" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "ground" character varying(32) NOT NULL, "recipient" character varying(200) NOT NULL, "includes_identity" boolean NOT NULL, "consent_item_id" uuid, "notice_item_id" uuid, "notice_suppressed" character varying(32), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_891a486784239e16ba51491fd1c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_disclosures_case" ON "disclosures"  ("case_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "disclosures" ADD CONSTRAINT "FK_4557c773fcee590a73e04d129e4" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "disclosures" DROP CONSTRAINT "FK_4557c773fcee590a73e04d129e4"`);
    await queryRunner.query(`DROP INDEX "public"."ix_disclosures_case"`);
    await queryRunner.query(`DROP TABLE "disclosures"`);
  }
}
