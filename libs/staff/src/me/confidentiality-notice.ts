/**
 * The notice a handler or custodian accepts before touching any case (R22).
 * Raising the version makes everyone accept the new text again.
 */
export const CONFIDENTIALITY_NOTICE = {
  version: 1,
  text: [
    'You are about to handle reports made under the Whistleblower Protection Act (1171/2022).',
    'You must keep the identity of the reporter, of the persons concerned and of anyone named in a report confidential, also after your role ends (section 32).',
    'Breaching this duty of confidentiality is punishable under section 36 of the Act and chapter 38 of the Criminal Code.',
    'Open only the cases you need for your task; every access is recorded.',
  ].join('\n'),
} as const;
