/** Most questions in one questionnaire, choices of one question, and characters of one label or help text. */
export const QUESTIONNAIRE_LIMITS = { questions: 50, options: 30, textChars: 1000 } as const;
