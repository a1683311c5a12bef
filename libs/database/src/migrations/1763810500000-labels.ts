import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Labels an admin defines for the organisation and puts on cases (names only, no content),
 * and the inbox filters each handler saves by name.
 */
export class Labels1763810500000 implements MigrationInterface {
  name = 'Labels1763810500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "labels" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" character varying(60) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_labels_organisation_name" UNIQUE ("organisation_id", "name"), CONSTRAINT "PK_labels" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "case_labels" ("case_id" uuid NOT NULL, "label_id" uuid NOT NULL, "labelled_by" uuid, "labelled_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_case_labels" PRIMARY KEY ("case_id", "label_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_case_labels_label" ON "case_labels" ("label_id") `);
    await queryRunner.query(
      `CREATE TABLE "saved_filters" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" character varying(60) NOT NULL, "filter" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_saved_filters_user_name" UNIQUE ("user_id", "name"), CONSTRAINT "PK_saved_filters" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "labels" ADD CONSTRAINT "FK_f805ea0b3bfffdf853aaf2ec76d" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_labels" ADD CONSTRAINT "FK_c1f89d6787e04524b078567bd2b" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_labels" ADD CONSTRAINT "FK_e29e60d7ff25a2974bc7a7891b5" FOREIGN KEY ("label_id") REFERENCES "labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_filters" ADD CONSTRAINT "FK_1072cc58f972749123491fcd776" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "saved_filters"`);
    await queryRunner.query(`DROP TABLE "case_labels"`);
    await queryRunner.query(`DROP TABLE "labels"`);
  }
}
