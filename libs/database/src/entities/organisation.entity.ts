import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The information page's text by language; a language left out shows the portal's standard text only. */
export type InformationPage = Partial<Record<string, string>>;

@Entity('organisations')
@Check('organisations_text_languages_shape', `cardinality("text_languages") <= 12 AND array_to_string("text_languages", ',') ~ '^([a-z]{2,3}(,[a-z]{2,3})*)?$'`)
export class Organisation {
  @PrimaryColumn('uuid')
  id: string;

  /** URL name of the reporter portal (/r/<slug>). */
  @Column({ type: 'varchar', length: 63, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** X25519 public half of the organisation's offline recovery key, if set up. */
  @Column({ name: 'recovery_public_key', type: 'bytea', nullable: true })
  recoveryPublicKey: Buffer | null;

  /**
   * Ed25519 public half of the organisation's offline directory-signing key, which
   * signs the key directory (docs/key-directory.md). Set only together with or after
   * the recovery key: the organisation fingerprint covers both.
   */
  @Column({ name: 'directory_public_key', type: 'bytea', nullable: true })
  directoryPublicKey: Buffer | null;

  /**
   * The organisation's own text for the reporter portal's information page, per
   * language (`fi`, `sv`, `en` and `textLanguages`); plain text, shown as paragraphs.
   * Null: the portal's standard text only.
   */
  @Column({ name: 'information_page', type: 'jsonb', nullable: true })
  informationPage: InformationPage | null;

  /**
   * The languages the organisation writes its own texts in beyond the portal's
   * `TEXT_LANGUAGES`, in the admin's order (lowercase ISO 639 codes). Owned by the
   * staff lib's `TextLanguagesService`.
   */
  @Column({ name: 'text_languages', type: 'varchar', length: 3, array: true, default: () => "'{}'" })
  textLanguages: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
