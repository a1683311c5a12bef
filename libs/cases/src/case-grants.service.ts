import { Global, Injectable, Module } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseGrantsPort, RevokedRole } from '@kanava/common';

/** The cases lib's side of {@link CaseGrantsPort}: the only place staff administration's grant SQL lives. */
@Injectable()
export class CaseGrantsService extends CaseGrantsPort {
  constructor(private readonly db: DataSource) {
    super();
  }

  /**
   * A handler loses the shared and internal keys, and identity and persons-concerned keys
   * too unless they are (still) a custodian of that channel; a custodian loses identity
   * keys, and persons-concerned keys of cases they do not hold as a handler. v1 does not
   * rotate keys; see CRYPTO.md.
   */
  async revoke(em: EntityManager, userId: string, role: RevokedRole, channelIds: string[] | null): Promise<number> {
    const params: unknown[] = [userId];
    let scope = '';
    if (channelIds) {
      params.push(channelIds);
      scope = ' AND c.channel_id = ANY($2::uuid[])';
    }
    const stillCustodian = "EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.channel_id AND m.user_id = $1 AND m.role = 'custodian')";
    // A custodian's persons-concerned key stays while they hold the case as its handler too.
    const holdsCase = "EXISTS (SELECT 1 FROM case_grants s WHERE s.case_id = g.case_id AND s.grantee_user_id = $1 AND s.key_kind = 'shared')";
    const which =
      role === 'all'
        ? 'TRUE'
        : role === 'handler'
          ? `(g.key_kind IN ('shared', 'internal') OR (g.key_kind IN ('identity', 'concerned') AND NOT ${stillCustodian}))`
          : `(g.key_kind = 'identity' OR (g.key_kind = 'concerned' AND NOT ${holdsCase}))`;
    const [, count] = (await em.query(
      `DELETE FROM case_grants g USING cases c WHERE g.case_id = c.id AND g.grantee_user_id = $1 AND ${which}${scope}`,
      params,
    )) as [unknown, number];
    return count;
  }

  async casesGranted(organisationId: string): Promise<Map<string, number>> {
    const rows = (await this.db.query(
      `SELECT g.grantee_user_id AS user_id, c.channel_id, count(DISTINCT g.case_id)::int AS n
         FROM case_grants g JOIN cases c ON c.id = g.case_id
        WHERE c.organisation_id = $1 AND g.grantee_user_id IS NOT NULL
        GROUP BY g.grantee_user_id, c.channel_id`,
      [organisationId],
    )) as { user_id: string; channel_id: string; n: number }[];
    return new Map(rows.map((r) => [`${r.user_id}:${r.channel_id}`, r.n]));
  }
}

/** Global, so staff administration (a lib below cases) gets the port without importing cases. */
@Global()
@Module({
  providers: [CaseGrantsService, { provide: CaseGrantsPort, useExisting: CaseGrantsService }],
  exports: [CaseGrantsPort],
})
export class CaseGrantsModule {}
