import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The receipt time of a report is immutable (R2, FI 37 §): the deadlines, the retention
 * and the register all count from it, so nothing may move it, not even a statement typed
 * into psql. A write that leaves the value as it is (a policy change touches every case of
 * a channel) passes; any other is refused with SQLSTATE 23514 (check_violation).
 */
export class ReceiptTime1763803100000 implements MigrationInterface {
  name = 'ReceiptTime1763803100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION kanava_keep_receipt_time() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the receipt time of case % cannot change (it was %)', OLD.id, OLD.received_at
          USING ERRCODE = 'check_violation', HINT = 'a report keeps the time it was received (R2)';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER cases_receipt_time BEFORE UPDATE OF received_at ON cases FOR EACH ROW
         WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at) EXECUTE FUNCTION kanava_keep_receipt_time()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER cases_receipt_time ON cases`);
    await queryRunner.query(`DROP FUNCTION kanava_keep_receipt_time()`);
  }
}
