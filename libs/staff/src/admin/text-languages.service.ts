import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditSink, BadRequestError, ConflictError, NotFoundError } from '@kanava/common';
import { Organisation, TEXT_LANGUAGES } from '@kanava/database';
import { StaffErrorCode } from '../errors';
import { recordAdminEvent } from './admin-event';

/** How many languages an organisation may add; each adds fields to every text editor. */
export const MAX_ADDED_LANGUAGES = 12;

const ENGLISH_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Codes of no language in particular (ISO 639: undetermined, none, multiple, uncoded) and the private-use range. */
const NOT_A_LANGUAGE = /^(und|zxx|mul|mis|q[a-t][a-z])$/;

/** The code ICU writes for `code` (`fin` → `fi`, `iw` → `he`); `code` itself when it has none. */
function canonical(code: string): string {
  try {
    return Intl.getCanonicalLocales(code)[0] ?? code;
  } catch {
    return code;
  }
}

/**
 * The English name of a language code, or undefined when it is not one language ICU
 * knows under exactly this code. A code ICU writes otherwise (`fin` for `fi`, `est` for
 * `et`) is refused, so one language never has two codes.
 */
export function languageName(code: string): string | undefined {
  if (!/^[a-z]{2,3}$/.test(code) || NOT_A_LANGUAGE.test(code) || canonical(code) !== code) return undefined;
  return ENGLISH_NAMES.of(code);
}

/**
 * The languages an organisation writes its own texts in: the portal's `TEXT_LANGUAGES`
 * always, and the ones its admin adds. The texts' editors (channel texts, the information
 * page, questionnaires) accept exactly these, so the portal can offer each language it
 * holds texts in. Owns the `text_languages` column of `organisations`.
 */
@Injectable()
export class TextLanguagesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditSink,
  ) {}

  /** The added languages, in the admin's order. */
  async added(organisationId: string, em: EntityManager = this.db.manager): Promise<string[]> {
    const org = await em.getRepository(Organisation).findOne({ select: { id: true, textLanguages: true }, where: { id: organisationId } });
    if (!org) throw new NotFoundError(StaffErrorCode.OrganisationNotFound, 'No such organisation.');
    return org.textLanguages;
  }

  /**
   * Refuses (400, nothing written) a text in a language the organisation does not write in.
   * Call it in the writer's transaction: the row is read `FOR SHARE`, so a removal of the
   * language (which locks the row `FOR UPDATE`) waits for the write, and its count sees it.
   */
  async assertWritable(em: EntityManager, organisationId: string, languages: Iterable<string>): Promise<void> {
    const wanted = [...new Set(languages)].filter((l) => !(TEXT_LANGUAGES as readonly string[]).includes(l));
    if (!wanted.length) return;
    const [row] = (await em.query(`SELECT text_languages FROM organisations WHERE id = $1 FOR SHARE`, [organisationId])) as { text_languages: string[] }[];
    if (!row) throw new NotFoundError(StaffErrorCode.OrganisationNotFound, 'No such organisation.');
    const added = new Set(row.text_languages);
    const unknown = wanted.find((l) => !added.has(l));
    if (unknown)
      throw new BadRequestError(
        StaffErrorCode.UnknownTextLanguage,
        `The language ${unknown} is not one of the organisation's text languages (${[...TEXT_LANGUAGES, ...added].join(', ')}); add it under Languages first.`,
      );
  }

  /**
   * Replaces the added languages. A language taken away that still has texts (channel
   * names or descriptions, category labels, the information page) answers 409
   * `confirmation_required` with the number of texts, unless `confirm`: then those texts
   * go in the same transaction. Questionnaire versions are records of what reporters were
   * asked and keep their texts; the portal no longer offers the language.
   */
  async setAdded(organisationId: string, actorId: string, languages: string[], confirm: boolean): Promise<void> {
    const seen = new Set<string>();
    for (const code of languages) {
      if ((TEXT_LANGUAGES as readonly string[]).includes(canonical(code)))
        throw new BadRequestError(StaffErrorCode.InvalidLanguage, `${code} is one of the portal's own languages and is always offered; leave it out.`);
      if (!languageName(code))
        throw new BadRequestError(
          StaffErrorCode.InvalidLanguage,
          canonical(code) !== code
            ? `${code} is written ${canonical(code)}: use that code.`
            : `${code} is not a language code (ISO 639-1 or 639-3, such as et or smn).`,
        );
      if (seen.has(code)) throw new BadRequestError(StaffErrorCode.DuplicateLanguage, `The language ${code} is given more than once.`);
      seen.add(code);
    }
    await this.db.transaction(async (em) => {
      const [org] = (await em.query(`SELECT text_languages FROM organisations WHERE id = $1 FOR UPDATE`, [organisationId])) as { text_languages: string[] }[];
      if (!org) throw new NotFoundError(StaffErrorCode.OrganisationNotFound, 'No such organisation.');
      const removed = org.text_languages.filter((l) => !seen.has(l));
      if (removed.length) {
        const texts = await this.textsIn(em, organisationId, removed);
        if (texts > 0 && !confirm)
          throw new ConflictError(
            StaffErrorCode.ConfirmationRequired,
            `Taking away ${removed.join(', ')} deletes ${texts} text(s) written in it; send confirm: true to go ahead.`,
          ).withFields({ texts, languages: removed.join(',') });
        if (texts > 0) await this.deleteTexts(em, organisationId, removed);
      }
      await em.update(Organisation, { id: organisationId }, { textLanguages: languages });
      await recordAdminEvent(this.audit, em, organisationId, actorId, 'organisation.text_languages_updated', {
        languages: languages.join(','),
        removed: removed.join(','),
      });
    });
  }

  /** How many of the organisation's texts (channel, category, information page) are in one of `languages`. */
  private async textsIn(em: EntityManager, organisationId: string, languages: string[]): Promise<number> {
    const [row] = (await em.query(
      `SELECT (SELECT count(*) FROM channels ch, unnest($2::text[]) l WHERE ch.organisation_id = $1 AND ch.translations ? l)
            + (SELECT count(*) FROM categories c JOIN channels ch ON ch.id = c.channel_id, unnest($2::text[]) l
                WHERE ch.organisation_id = $1 AND c.translations ? l)
            + (SELECT count(*) FROM organisations o, unnest($2::text[]) l WHERE o.id = $1 AND o.information_page ? l) AS texts`,
      [organisationId, languages],
    )) as { texts: string }[];
    return Number(row.texts);
  }

  private async deleteTexts(em: EntityManager, organisationId: string, languages: string[]): Promise<void> {
    await em.query(`UPDATE channels SET translations = translations - $2::text[] WHERE organisation_id = $1`, [organisationId, languages]);
    await em.query(
      `UPDATE categories c SET translations = c.translations - $2::text[] FROM channels ch WHERE ch.id = c.channel_id AND ch.organisation_id = $1`,
      [organisationId, languages],
    );
    // An information page left with no language is no own text at all (null), as the editor saves it.
    await em.query(
      `UPDATE organisations SET information_page = NULLIF(information_page - $2::text[], '{}'::jsonb) WHERE id = $1 AND information_page IS NOT NULL`,
      [organisationId, languages],
    );
  }
}
