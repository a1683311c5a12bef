import { Module } from '@nestjs/common';
import { PublicQuestionnaireController, QuestionnaireAdminController } from './questionnaires.controller';
import { StaffModule } from '@kanava/staff';
import { QuestionnairesService } from './questionnaires.service';

/** Questionnaires per channel: designed by the admin, versioned, asked by the portal. */
@Module({
  imports: [StaffModule],
  controllers: [PublicQuestionnaireController, QuestionnaireAdminController],
  providers: [QuestionnairesService],
  exports: [QuestionnairesService],
})
export class QuestionnairesModule {}
