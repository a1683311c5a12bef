/** The languages of the privacy notice (those of the portal and the console). */
export const PRIVACY_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type PrivacyLanguage = (typeof PRIVACY_LANGUAGES)[number];

/** The live settings the built-in privacy notice and the record of processing are made from. */
export interface PrivacyFacts {
  organisationName: string;
  channelName: string;
  /** Days after receipt before a case is deleted (R24). */
  retentionDays: number;
  /** Days after closure before a closed case is deleted, if sooner; null: none. */
  closedRetentionDays: number | null;
  /** Active staff designated as handlers and as custodians of the channel. */
  handlers: number;
  custodians: number;
  /** Who hosts Kanava for the organisation; null: not stated. */
  processor: string | null;
  /** Where the data are stored; null: not stated. */
  storageLocation: string | null;
}

const years = (days: number, language: PrivacyLanguage): string => {
  const value = Math.round((days / 365.25) * 10) / 10;
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return language === 'en' ? text : text.replace('.', ',');
};

/** A paragraph per section, blank lines between: the portal shows each as a paragraph, a heading line first. */
const section = (heading: string, ...lines: string[]): string => [heading, lines.join(' ')].join('\n');

function english(f: PrivacyFacts): string {
  return [
    `Privacy notice: ${f.channelName}, ${f.organisationName}`,
    section('Controller', `${f.organisationName} is the controller of the personal data processed in the whistleblowing channel "${f.channelName}".`),
    section(
      'Why the data are processed and on what legal basis',
      'Reports are received, handled and followed up, and the reporter and the persons concerned are protected, as the Act on the Protection of Persons Reporting Breaches of European Union and National Law (1171/2022) requires.',
      "The legal basis is the controller's legal obligation under that Act (GDPR Article 6(1)(c)).",
      'Special categories of personal data and data on criminal offences are processed only where necessary for handling a report (section 30 of the Act).',
    ),
    section(
      'What data are processed',
      "What the reporter writes in the report and in messages, attached files, the reporter's name and contact details if the reporter gives them, and data on the persons concerned and others named in the report.",
      'The channel keeps no IP address, browser details or tracking cookie of the reporter.',
      "Reports are encrypted in the reporter's browser before they are sent, and only the designated recipients can open them.",
    ),
    section(
      'Who receives the data',
      `Only the persons designated to handle reports of this channel: ${f.handlers} handler(s), who read and handle reports, and ${f.custodians} custodian(s), who can release the reporter's identity to a handler on a recorded ground.`,
      "The channel's administrators and auditors see no report content.",
      'The identity of the reporter and of the persons concerned is disclosed to others only as sections 32 and 33 of the Act allow, for example to a pre-trial investigation authority.',
    ),
    section(
      'Processor',
      `The service is hosted by ${f.processor ?? 'a service provider'}, which processes the data on behalf of the controller under a data processing agreement (GDPR Article 28).`,
      'The processor holds report content only in encrypted form and cannot read it.',
    ),
    section(
      'Where the data are stored',
      f.storageLocation ? `The data are stored in: ${f.storageLocation}.` : 'The data are stored within the EU/EEA.',
      'No personal data are transferred outside the EU/EEA.',
    ),
    section(
      'How long the data are kept',
      `A report and everything received with it is deleted ${f.retentionDays} days (about ${years(f.retentionDays, 'en')} years) after it was received` +
        (f.closedRetentionDays === null ? '.' : `, or ${f.closedRetentionDays} days after its case was closed, if that comes first.`),
      'Data are kept longer only while necessary for an ongoing investigation, legal proceedings or the protection of the reporter (section 29 of the Act); every such legal hold is recorded and reviewed.',
      'Personal data that are clearly irrelevant to the report are removed without delay.',
    ),
    section(
      'Your rights and their limits',
      'You have the right to know whether data about you are processed and to access them, to have inaccurate data corrected, and to have data erased as far as the law allows.',
      "Under section 31 of Act 1171/2022 the right of access may be restricted where and for as long as necessary to protect the reporter's identity or to secure the handling and investigation of the report.",
      'The right to restriction of processing (GDPR Article 18) does not apply to these data (section 31 of the Act).',
      'As the processing is required by law, the right to object and the right to data portability do not apply.',
      `To use your rights, contact ${f.organisationName}; a reporter can also send a message through this channel with the case secret.`,
    ),
    section(
      'Complaints',
      'If you think the processing of your personal data breaks data protection law, you may lodge a complaint with the Data Protection Ombudsman (tietosuojavaltuutettu / dataombudsmannen), tietosuoja.fi.',
    ),
  ].join('\n\n');
}

function finnish(f: PrivacyFacts): string {
  return [
    `Tietosuojaseloste: ${f.channelName}, ${f.organisationName}`,
    section('Rekisterinpitäjä', `${f.organisationName} on rekisterinpitäjä ilmoituskanavassa "${f.channelName}" käsiteltäville henkilötiedoille.`),
    section(
      'Käsittelyn tarkoitus ja oikeusperuste',
      'Ilmoitukset vastaanotetaan, käsitellään ja niiden johdosta ryhdytään toimiin, ja ilmoittajaa sekä ilmoituksen kohteena olevia henkilöitä suojellaan, kuten laki Euroopan unionin ja kansallisen oikeuden rikkomisesta ilmoittavien henkilöiden suojelusta (1171/2022) edellyttää.',
      'Käsittelyn oikeusperuste on rekisterinpitäjän lakisääteinen velvoite (tietosuoja-asetuksen 6 artiklan 1 kohdan c alakohta).',
      'Erityisiin henkilötietoryhmiin kuuluvia tietoja sekä rikoksia koskevia tietoja käsitellään vain, jos se on ilmoituksen käsittelemiseksi välttämätöntä (lain 30 §).',
    ),
    section(
      'Käsiteltävät tiedot',
      'Ilmoituksen ja viestien sisältö, liitetiedostot, ilmoittajan nimi ja yhteystiedot, jos ilmoittaja antaa ne, sekä tiedot ilmoituksen kohteena olevista ja muista ilmoituksessa mainituista henkilöistä.',
      'Kanava ei tallenna ilmoittajan IP-osoitetta, selaimen tietoja eikä seurantaevästeitä.',
      'Ilmoitukset salataan ilmoittajan selaimessa ennen lähettämistä, ja vain nimetyt vastaanottajat voivat avata ne.',
    ),
    section(
      'Tietojen vastaanottajat',
      `Vain tämän kanavan ilmoitusten käsittelyyn nimetyt henkilöt: ${f.handlers} käsittelijää, jotka lukevat ja käsittelevät ilmoitukset, ja ${f.custodians} henkilöllisyyden haltijaa, jotka voivat luovuttaa ilmoittajan henkilöllisyyden käsittelijälle kirjatulla perusteella.`,
      'Kanavan pääkäyttäjät ja tarkastajat eivät näe ilmoitusten sisältöä.',
      'Ilmoittajan ja ilmoituksen kohteena olevien henkilöllisyys luovutetaan muille vain lain 32 ja 33 §:n sallimissa tilanteissa, esimerkiksi esitutkintaviranomaiselle.',
    ),
    section(
      'Henkilötietojen käsittelijä',
      `Palvelun ylläpitäjä on ${f.processor ?? 'palveluntarjoaja'}, joka käsittelee tietoja rekisterinpitäjän lukuun tietojenkäsittelysopimuksen perusteella (tietosuoja-asetuksen 28 artikla).`,
      'Käsittelijällä on ilmoitusten sisältö vain salattuna, eikä se voi lukea sitä.',
    ),
    section(
      'Tietojen säilytyspaikka',
      f.storageLocation ? `Tiedot säilytetään: ${f.storageLocation}.` : 'Tiedot säilytetään EU:n tai ETA:n alueella.',
      'Henkilötietoja ei siirretä EU:n tai ETA:n ulkopuolelle.',
    ),
    section(
      'Säilytysaika',
      `Ilmoitus ja kaikki sen mukana saatu poistetaan ${f.retentionDays} päivän (noin ${years(f.retentionDays, 'fi')} vuoden) kuluttua sen vastaanottamisesta` +
        (f.closedRetentionDays === null ? '.' : ` tai ${f.closedRetentionDays} päivän kuluttua asian sulkemisesta, jos se on aiemmin.`),
      'Tietoja säilytetään pidempään vain, jos se on välttämätöntä vireillä olevan tutkinnan, oikeudenkäynnin tai ilmoittajan suojelun vuoksi (lain 29 §); jokainen tällainen säilytyspäätös kirjataan ja tarkistetaan.',
      'Ilmeisen tarpeettomat henkilötiedot poistetaan viipymättä.',
    ),
    section(
      'Oikeutesi ja niiden rajoitukset',
      'Sinulla on oikeus saada tietää, käsitelläänkö sinua koskevia tietoja, ja tarkastaa ne, oikeus vaatia virheellisten tietojen oikaisemista sekä oikeus tietojen poistamiseen lain sallimissa rajoissa.',
      'Lain 1171/2022 31 §:n mukaan tarkastusoikeutta voidaan rajoittaa, jos ja niin kauan kuin se on välttämätöntä ilmoittajan henkilöllisyyden suojaamiseksi tai ilmoituksen käsittelyn ja tutkinnan turvaamiseksi.',
      'Oikeutta käsittelyn rajoittamiseen (tietosuoja-asetuksen 18 artikla) ei sovelleta näihin tietoihin (lain 31 §).',
      'Koska käsittely perustuu lakiin, vastustamisoikeus ja oikeus siirtää tiedot järjestelmästä toiseen eivät koske sitä.',
      `Käytä oikeuksiasi ottamalla yhteyttä rekisterinpitäjään (${f.organisationName}); ilmoittaja voi myös lähettää viestin tämän kanavan kautta tapaustunnuksellaan.`,
    ),
    section(
      'Valitusoikeus',
      'Jos katsot, että henkilötietojesi käsittely rikkoo tietosuojalainsäädäntöä, voit tehdä valituksen tietosuojavaltuutetulle, tietosuoja.fi.',
    ),
  ].join('\n\n');
}

function swedish(f: PrivacyFacts): string {
  return [
    `Dataskyddsbeskrivning: ${f.channelName}, ${f.organisationName}`,
    section(
      'Personuppgiftsansvarig',
      `${f.organisationName} är personuppgiftsansvarig för de personuppgifter som behandlas i visselblåsarkanalen "${f.channelName}".`,
    ),
    section(
      'Ändamål och rättslig grund',
      'Anmälningar tas emot, behandlas och följs upp, och den som anmäler och de berörda personerna skyddas, så som lagen om skydd för personer som rapporterar överträdelser av Europeiska unionens rätt och nationell rätt (1171/2022) kräver.',
      'Den rättsliga grunden är en rättslig förpliktelse för den personuppgiftsansvarige enligt den lagen (artikel 6.1 c i dataskyddsförordningen).',
      'Särskilda kategorier av personuppgifter och uppgifter om brott behandlas endast när det är nödvändigt för att behandla en anmälan (30 § i lagen).',
    ),
    section(
      'Vilka uppgifter som behandlas',
      'Innehållet i anmälan och i meddelandena, bifogade filer, anmälarens namn och kontaktuppgifter om anmälaren lämnar dem, samt uppgifter om de berörda personerna och andra som nämns i anmälan.',
      'Kanalen sparar ingen IP-adress, inga webbläsaruppgifter och inga spårningskakor för anmälaren.',
      'Anmälningarna krypteras i anmälarens webbläsare innan de skickas, och bara de utsedda mottagarna kan öppna dem.',
    ),
    section(
      'Vem som får uppgifterna',
      `Endast de personer som utsetts att behandla anmälningar i denna kanal: ${f.handlers} handläggare, som läser och behandlar anmälningarna, och ${f.custodians} identitetsförvaltare, som kan lämna ut anmälarens identitet till en handläggare på en registrerad grund.`,
      'Kanalens administratörer och granskare ser inget innehåll i anmälningarna.',
      'Identiteten för anmälaren och för de berörda personerna lämnas ut till andra endast i de fall som 32 och 33 § i lagen tillåter, till exempel till en förundersökningsmyndighet.',
    ),
    section(
      'Personuppgiftsbiträde',
      `Tjänsten drivs av ${f.processor ?? 'en tjänsteleverantör'}, som behandlar uppgifterna för den personuppgiftsansvariges räkning enligt ett personuppgiftsbiträdesavtal (artikel 28 i dataskyddsförordningen).`,
      'Biträdet har innehållet i anmälningarna endast i krypterad form och kan inte läsa det.',
    ),
    section(
      'Var uppgifterna lagras',
      f.storageLocation ? `Uppgifterna lagras: ${f.storageLocation}.` : 'Uppgifterna lagras inom EU/EES.',
      'Inga personuppgifter överförs utanför EU/EES.',
    ),
    section(
      'Hur länge uppgifterna sparas',
      `En anmälan och allt som tagits emot med den raderas ${f.retentionDays} dagar (cirka ${years(f.retentionDays, 'sv')} år) efter att den tagits emot` +
        (f.closedRetentionDays === null ? '.' : `, eller ${f.closedRetentionDays} dagar efter att ärendet avslutats, om det inträffar tidigare.`),
      'Uppgifterna sparas längre endast om det är nödvändigt för en pågående utredning, en rättegång eller för att skydda anmälaren (29 § i lagen); varje sådant beslut registreras och ses över.',
      'Personuppgifter som uppenbart saknar betydelse för anmälan raderas utan dröjsmål.',
    ),
    section(
      'Dina rättigheter och deras begränsningar',
      'Du har rätt att få veta om uppgifter om dig behandlas och att få tillgång till dem, att få felaktiga uppgifter rättade och att få uppgifter raderade i den mån lagen tillåter.',
      'Enligt 31 § i lag 1171/2022 kan rätten till tillgång begränsas om och så länge det är nödvändigt för att skydda anmälarens identitet eller för att säkerställa behandlingen och utredningen av anmälan.',
      'Rätten till begränsning av behandling (artikel 18 i dataskyddsförordningen) gäller inte dessa uppgifter (31 § i lagen).',
      'Eftersom behandlingen grundar sig på lag gäller rätten att göra invändningar och rätten till dataportabilitet inte.',
      `Kontakta ${f.organisationName} för att använda dina rättigheter; anmälaren kan också skicka ett meddelande via denna kanal med sin ärendekod.`,
    ),
    section(
      'Klagomål',
      'Om du anser att behandlingen av dina personuppgifter strider mot dataskyddslagstiftningen kan du lämna ett klagomål till dataombudsmannen (tietosuojavaltuutettu), tietosuoja.fi.',
    ),
  ].join('\n\n');
}

/**
 * The built-in privacy notice of a channel in one language, filled from live settings.
 * Plain text: sections separated by blank lines, each a heading line and its text.
 * Not legal advice: the organisation reviews it and may replace it per language.
 */
export function privacyNoticeTemplate(facts: PrivacyFacts, language: PrivacyLanguage): string {
  switch (language) {
    case 'fi':
      return finnish(facts);
    case 'sv':
      return swedish(facts);
    case 'en':
      return english(facts);
  }
}
