/** A text per language code (fi, sv, en and the languages the organisation added); a language left out has no text of its own. */
export type QuestionTexts = Partial<Record<string, string>>;

/** One question of a questionnaire (docs/reporter-protocol-extensions.md "Questionnaires"). */
export interface QuestionDefinition {
  /** Stable across versions: a condition and an answer name it. */
  id: string;
  type: 'short-text' | 'long-text' | 'single-choice' | 'multiple-choice' | 'date' | 'yes-no' | 'file';
  required: boolean;
  label: QuestionTexts;
  help: QuestionTexts;
  /** The choices of a single or multiple choice question, in order; empty for other types. */
  options: { id: string; label: QuestionTexts }[];
  /** Asked only when an earlier yes-no or single-choice question has this answer (`yes`, `no` or an option id). */
  showIf: { questionId: string; equals: string } | null;
}

/** One saved version of a channel's questionnaire. */
export interface QuestionnaireVersionView {
  id: string;
  version: number;
  questions: QuestionDefinition[];
  createdAt: string;
}

/** `GET /api/public/channels/:channelId/questionnaire`: the newest version, or null for the plain report form. */
export interface PublicQuestionnaireView {
  channelId: string;
  questionnaire: QuestionnaireVersionView | null;
}

/** `GET` and `PUT /api/admin/channels/:channelId/questionnaire`. */
export interface AdminQuestionnaireView {
  channelId: string;
  channelName: string;
  current: QuestionnaireVersionView | null;
  versions: { id: string; version: number; questions: number; createdAt: string }[];
}
