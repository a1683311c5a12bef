import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox's unread marker (issue 22): when each handler last opened each case. A case is
 * unread for a handler who never opened it, or when a reporter item arrived after they did.
 * Ids and a time only; gone with the case or the account.
 */
export class CaseReads1763810000000 implements MigrationInterface {
  name = 'CaseReads1763810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_reads" ("case_id" uuid NOT NULL, "user_id" uuid NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_82085e1de80da2b0586b7f42ce3" PRIMARY KEY ("case_id", "user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_reads" ADD CONSTRAINT "FK_c9c4e2bd651346d20e9ace5f694" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_reads" ADD CONSTRAINT "FK_27811cd1b54e98a3194d1bf7fc1" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_reads" DROP CONSTRAINT "FK_27811cd1b54e98a3194d1bf7fc1"`);
    await queryRunner.query(`ALTER TABLE "case_reads" DROP CONSTRAINT "FK_c9c4e2bd651346d20e9ace5f694"`);
    await queryRunner.query(`DROP TABLE "case_reads"`);
  }
}
