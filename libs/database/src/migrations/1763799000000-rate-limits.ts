import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate budgets that are not keyed on the client: one counter per bucket
 * (`submissions`, `submissions:<organisation id>`, `follow-up-failures`) and fixed
 * window. Kept in PostgreSQL because API instances are stateless. No entity: only
 * libs/reporter's RateLimitService reads and writes it, with plain SQL.
 */
export class RateLimits1763799000000 implements MigrationInterface {
  name = 'RateLimits1763799000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_windows" ("bucket" character varying(64) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_rate_limit_windows" PRIMARY KEY ("bucket", "window_start"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_windows"`);
  }
}
