/** The languages the console and the portal speak. */
export const NOTICE_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

/**
 * The notice a handler or custodian accepts before touching any case (R22), in
 * Finnish, Swedish and English. Acceptance is bound to the version, not to one
 * language's wording: the three texts say the same, so accepting any of them counts.
 * Raising the version makes everyone accept the new text again; change all three together.
 */
export const CONFIDENTIALITY_NOTICE = {
  version: 1,
  texts: {
    en: [
      'You are about to handle reports made under the Whistleblower Protection Act (1171/2022).',
      'You must keep the identity of the reporter, of the persons concerned and of anyone named in a report confidential, also after your role ends (section 32).',
      'Breaching this duty of confidentiality is punishable under section 36 of the Act and chapter 38 of the Criminal Code.',
      'Open only the cases you need for your task; every access is recorded.',
    ].join('\n'),
    fi: [
      'Olet käsittelemässä ilmoituksia, jotka on tehty ilmoittajansuojelulain (1171/2022) nojalla.',
      'Sinun on pidettävä salassa ilmoittajan, ilmoituksen kohteena olevien henkilöiden ja kaikkien ilmoituksessa mainittujen henkilöllisyys, myös tehtäväsi päätyttyä (32 §).',
      'Salassapitovelvollisuuden rikkominen on rangaistavaa lain 36 §:n ja rikoslain 38 luvun mukaan.',
      'Avaa vain ne tapaukset, joita tehtäväsi edellyttää; jokainen pääsy kirjataan.',
    ].join('\n'),
    sv: [
      'Du ska hantera rapporter som gjorts enligt visselblåsarlagen (1171/2022).',
      'Du ska hålla identiteten för den rapporterande personen, för de berörda personerna och för alla som nämns i en rapport konfidentiell, också efter att ditt uppdrag har upphört (32 §).',
      'Brott mot denna tystnadsplikt är straffbart enligt 36 § i lagen och 38 kap. i strafflagen.',
      'Öppna bara de ärenden som ditt uppdrag kräver; varje åtkomst registreras.',
    ].join('\n'),
  } satisfies Record<NoticeLanguage, string>,
} as const;
