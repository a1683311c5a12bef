import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (R24–R26) and reminders (R6, R7, R33):
 * - channels.closed_retention_days: optional earlier deletion after closure;
 * - cases.purge_at / purge_basis, kept by the trigger `cases_purge_date` from the
 *   channel's policy whenever a case is inserted, closed, reopened or moved, so
 *   every write path (the reporter's submission, the handler's closure) agrees;
 *   a policy change re-runs it by touching the channel's cases;
 * - legal_holds, storage_deletions (objects to remove after a purge),
 *   deadline_reminders (each reminder once) and notification_watermarks.
 */
export class Retention1763801000000 implements MigrationInterface {
  name = 'Retention1763801000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "legal_holds" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "reason_code" character varying(32) NOT NULL, "justification" character varying(500) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "review_at" TIMESTAMP WITH TIME ZONE NOT NULL, "released_at" TIMESTAMP WITH TIME ZONE, "released_by" uuid, CONSTRAINT "PK_bbe3e0c98678909493a90442dfb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_legal_holds_active_case" ON "legal_holds"  ("case_id") WHERE released_at IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "storage_deletions" ("prefix" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1a48317a71d21dcb71f127b2a21" PRIMARY KEY ("prefix"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "deadline_reminders" ("case_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "stage" character varying(8) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_27b1f3a497af5bc40901e11bd82" PRIMARY KEY ("case_id", "kind", "stage", "due_at"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_watermarks" ("name" character varying(32) NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d8099d829c82394c693fa0e228f" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(`ALTER TABLE "channels" ADD "closed_retention_days" integer`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "purge_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "purge_basis" character varying(16)`);
    await queryRunner.query(`
      CREATE FUNCTION kanava_set_purge_date() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        keep_days integer;
        closed_days integer;
        by_receipt timestamptz;
        by_closure timestamptz;
      BEGIN
        SELECT retention_days, closed_retention_days INTO keep_days, closed_days FROM channels WHERE id = NEW.channel_id;
        by_receipt := NEW.received_at + make_interval(days => keep_days);
        IF NEW.closed_at IS NOT NULL AND closed_days IS NOT NULL THEN
          by_closure := NEW.closed_at + make_interval(days => closed_days);
        END IF;
        IF by_closure IS NOT NULL AND by_closure < by_receipt THEN
          NEW.purge_at := by_closure;
          NEW.purge_basis := 'closed';
        ELSE
          NEW.purge_at := by_receipt;
          NEW.purge_basis := 'retention';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER cases_purge_date BEFORE INSERT OR UPDATE OF received_at, closed_at, channel_id ON cases FOR EACH ROW EXECUTE FUNCTION kanava_set_purge_date()`,
    );
    await queryRunner.query(`UPDATE cases SET channel_id = channel_id`);
    await queryRunner.query(`ALTER TABLE "cases" ALTER COLUMN "purge_at" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "cases" ALTER COLUMN "purge_basis" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_cases_purge_at" ON "cases"  ("purge_at") `);
    await queryRunner.query(
      `ALTER TABLE "legal_holds" ADD CONSTRAINT "FK_e332f88bb3195453dfea6c99603" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_reminders" ADD CONSTRAINT "FK_2a39653c53409ac7076f6834f0d" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deadline_reminders" DROP CONSTRAINT "FK_2a39653c53409ac7076f6834f0d"`);
    await queryRunner.query(`ALTER TABLE "legal_holds" DROP CONSTRAINT "FK_e332f88bb3195453dfea6c99603"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_purge_at"`);
    await queryRunner.query(`DROP TRIGGER cases_purge_date ON cases`);
    await queryRunner.query(`DROP FUNCTION kanava_set_purge_date()`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "purge_basis"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "purge_at"`);
    await queryRunner.query(`ALTER TABLE "channels" DROP COLUMN "closed_retention_days"`);
    await queryRunner.query(`DROP TABLE "notification_watermarks"`);
    await queryRunner.query(`DROP TABLE "deadline_reminders"`);
    await queryRunner.query(`DROP TABLE "storage_deletions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_holds_active_case"`);
    await queryRunner.query(`DROP TABLE "legal_holds"`);
  }
}
