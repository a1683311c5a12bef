import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data subject access requests (R31, R32, GDPR 15): the request (role, language,
 * received, due, extension, answered; never who asks), the decision per case with its
 * withholding grounds as codes, and the reminders of its deadline sent.
 */
export class SubjectAccess1763805600000 implements MigrationInterface {
  name = 'SubjectAccess1763805600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "subject_access_requests" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "registered_by_user_id" uuid NOT NULL, "requester_role" character varying(24) NOT NULL, "language" character varying(2) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "extension_reason" character varying(32), "extended_at" TIMESTAMP WITH TIME ZONE, "answered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_subject_access_extension" CHECK (("extension_reason" IS NULL) = ("extended_at" IS NULL) AND ("extension_reason" IS NULL OR "extension_reason" IN ('complex', 'number_of_requests'))), CONSTRAINT "ck_subject_access_language" CHECK ("language" IN ('fi', 'sv', 'en')), CONSTRAINT "ck_subject_access_role" CHECK ("requester_role" IN ('person_concerned', 'reporter', 'other')), CONSTRAINT "PK_e5c09034765a6db908c4fe7a82e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_subject_access_organisation_due" ON "subject_access_requests"  ("organisation_id", "answered_at", "due_at") `);
    await queryRunner.query(
      `CREATE TABLE "subject_access_decisions" ("request_id" uuid NOT NULL, "case_id" uuid NOT NULL, "decision" character varying(16) NOT NULL, "grounds" character varying(40) array NOT NULL DEFAULT '{}', "decided_by_user_id" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_subject_access_grounds" CHECK ("grounds" <@ ARRAY['protects_reporter_identity', 'jeopardises_investigation', 'protects_others', 'legal_claims']::varchar[] AND (("decision" = 'released') = (cardinality("grounds") = 0))), CONSTRAINT "ck_subject_access_decision" CHECK ("decision" IN ('released', 'partly_withheld', 'withheld')), CONSTRAINT "PK_f5806751e4c51d6a08acebf536c" PRIMARY KEY ("request_id", "case_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "subject_access_reminders" ("request_id" uuid NOT NULL, "stage" character varying(8) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a306e3d92fb3cbaedd0e770cb21" PRIMARY KEY ("request_id", "stage", "due_at"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "subject_access_requests" ADD CONSTRAINT "FK_0b7064dbb93c557bee1e1978fe2" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subject_access_decisions" ADD CONSTRAINT "FK_a805ad367395530c4022c77d7bf" FOREIGN KEY ("request_id") REFERENCES "subject_access_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subject_access_decisions" ADD CONSTRAINT "FK_a5d72ae850558daab093e76bf16" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subject_access_reminders" ADD CONSTRAINT "FK_562eec4fa039dfa5398ee0a2227" FOREIGN KEY ("request_id") REFERENCES "subject_access_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subject_access_reminders" DROP CONSTRAINT "FK_562eec4fa039dfa5398ee0a2227"`);
    await queryRunner.query(`ALTER TABLE "subject_access_decisions" DROP CONSTRAINT "FK_a5d72ae850558daab093e76bf16"`);
    await queryRunner.query(`ALTER TABLE "subject_access_decisions" DROP CONSTRAINT "FK_a805ad367395530c4022c77d7bf"`);
    await queryRunner.query(`ALTER TABLE "subject_access_requests" DROP CONSTRAINT "FK_0b7064dbb93c557bee1e1978fe2"`);
    await queryRunner.query(`DROP TABLE "subject_access_reminders"`);
    await queryRunner.query(`DROP TABLE "subject_access_decisions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_subject_access_organisation_due"`);
    await queryRunner.query(`DROP TABLE "subject_access_requests"`);
  }
}
