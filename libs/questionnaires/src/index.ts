export { QuestionnairesModule } from './questionnaires.module';
export { QuestionnairesService } from './questionnaires.service';
export { QuestionnaireErrorCode } from './errors';
export { QUESTIONNAIRE_LIMITS } from './limits';
export { checkQuestions } from './rules';
export { QuestionnaireDto } from './dto/questionnaire.dto';
