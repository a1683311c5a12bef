import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each staff account was made (R38): through an invitation in the console, or by an
 * operator (the CLI, the demo seed), with the operator's name. Anything not made through an
 * invitation counts as the operator's, the default included, so no path can add an account the
 * access review does not mark. Accounts made before this have no recorded operator: those whose
 * address never accepted an invitation of their organisation are marked as the operator's.
 */
export class OperatorAccounts1763803200000 implements MigrationInterface {
  name = 'OperatorAccounts1763803200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "created_via" character varying(16) NOT NULL DEFAULT 'operator'`);
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "created_by_operator" character varying(64)`);
    await queryRunner.query(
      `UPDATE staff_users u SET created_via = 'invitation'
        WHERE EXISTS (SELECT 1 FROM staff_invitations i WHERE i.organisation_id = u.organisation_id AND i.email = u.email AND i.used_at IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "created_by_operator"`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "created_via"`);
  }
}
