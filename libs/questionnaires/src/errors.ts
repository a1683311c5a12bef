/** Every way a questionnaire request can be refused; the code is the `error` field of the answer. */
export enum QuestionnaireErrorCode {
  ChannelNotFound = 'channel_not_found',
  DuplicateQuestionId = 'duplicate_question_id',
  DuplicateLanguage = 'duplicate_language',
  LabelRequired = 'label_required',
  OptionsRequired = 'options_required',
  OptionsNotAllowed = 'options_not_allowed',
  DuplicateOptionId = 'duplicate_option_id',
  ConditionUnknownQuestion = 'condition_unknown_question',
  ConditionNotChoice = 'condition_not_choice',
  ConditionUnknownValue = 'condition_unknown_value',
  VersionConflict = 'questionnaire_version_conflict',
}
