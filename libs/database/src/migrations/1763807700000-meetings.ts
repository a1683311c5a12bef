import { MigrationInterface, QueryRunner } from 'typeorm';

/** Meetings and calls with the reporter (R1): asked for, offered as times, agreed, reminded. */
export class Meetings1763807700000 implements MigrationInterface {
  name = 'Meetings1763807700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meetings" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE, "offered_by_user_id" uuid, "offered_at" TIMESTAMP WITH TIME ZONE, "slots" TIMESTAMP WITH TIME ZONE array NOT NULL DEFAULT '{}', "agreed_at" TIMESTAMP WITH TIME ZONE, "accepted_at" TIMESTAMP WITH TIME ZONE, "reminded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_meetings_agreed" CHECK (("agreed_at" IS NULL) = ("accepted_at" IS NULL) AND ("agreed_at" IS NULL OR "agreed_at" = ANY("slots"))), CONSTRAINT "ck_meetings_slots" CHECK (cardinality("slots") <= 5 AND ("offered_at" IS NULL) = (cardinality("slots") = 0)), CONSTRAINT "ck_meetings_kind" CHECK ("kind" IN ('meeting', 'call')), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_meetings_case" ON "meetings"  ("case_id") `);
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_768d9a5883edf9f86bbb20ceac9" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_768d9a5883edf9f86bbb20ceac9"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_case"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
  }
}
