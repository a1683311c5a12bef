import { MigrationInterface, QueryRunner } from 'typeorm';

/** Handlers' requests to see a reporter's identity, decided by custodians (R20). */
export class IdentityRequests1763798000000 implements MigrationInterface {
  name = 'IdentityRequests1763798000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "identity_requests" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "requester_id" uuid NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0638a6a5791d22fb4754be242da" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_identity_requests_case" ON "identity_requests"  ("case_id", "status") `,
      `ALTER TABLE "identity_requests" ADD CONSTRAINT "FK_3afff70038845dac1fed778569d" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "identity_requests" DROP CONSTRAINT "FK_3afff70038845dac1fed778569d"`,
      `DROP INDEX "public"."ix_identity_requests_case"`,
      `DROP TABLE "identity_requests"`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
