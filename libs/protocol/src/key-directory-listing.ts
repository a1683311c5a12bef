import type { EntityManager } from 'typeorm';
import type { DirectoryRole } from '@kanava/crypto';

/**
 * SQL: whether the staff_users row `user` is listed in its organisation's key
 * directory for `role` at `at` (SQL expressions: a text and a timestamptz). True for
 * every user of an organisation without a directory key (nothing to check against);
 * otherwise the user's newest entry must be an add or replace, not expired, naming
 * `role` and exactly the keys the account has. This is the one rule by which the
 * server decides who a report is sealed to (docs/key-directory.md "Recipients").
 */
export function directoryListedSql(user: string, role: string, at: string): string {
  return `(NOT EXISTS (SELECT 1 FROM organisations dir_o WHERE dir_o.id = ${user}.organisation_id AND dir_o.directory_public_key IS NOT NULL)
    OR EXISTS (SELECT 1 FROM (SELECT d.action, d.roles, d.box_public_key, d.sign_public_key, d.valid_until
                                FROM key_directory_entries d
                               WHERE d.organisation_id = ${user}.organisation_id AND d.user_id = ${user}.id
                               ORDER BY d.seq DESC LIMIT 1) dir_last
                WHERE dir_last.action <> 'remove' AND (${role})::text = ANY(dir_last.roles)
                  AND dir_last.box_public_key = ${user}.box_public_key AND dir_last.sign_public_key = ${user}.sign_public_key
                  AND (dir_last.valid_until IS NULL OR dir_last.valid_until > (${at})::timestamptz)))`;
}

/** Whether a user may be sealed to in `role` now, by {@link directoryListedSql}. */
export async function listedInDirectory(em: EntityManager, userId: string, role: DirectoryRole, at: Date): Promise<boolean> {
  const rows = (await em.query(`SELECT ${directoryListedSql('u', '$2', '$3')} AS listed FROM staff_users u WHERE u.id = $1`, [userId, role, at])) as {
    listed: boolean;
  }[];
  return rows[0]?.listed === true;
}
