import { Module } from '@nestjs/common';
import { LabelsModule } from '@kanava/labels';
import { CaseAccessService } from './case-access.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { AssignmentsService } from './assignments.service';
import { RecoveryController } from './recovery.controller';
import { RecoveryService } from './recovery.service';
import { CaseContentService } from './case-content.service';
import { WorkflowService } from './workflow.service';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { DisclosureController } from './disclosure.controller';
import { DisclosureService } from './disclosure.service';
import { ForwardedReportsController } from './forwarded.controller';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessService } from './subject-access.service';
import { MeetingsController, ReporterMeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { CaseReferencesService } from './case-references.service';
import { CaseGrantsModule } from './case-grants.service';
import { InboxToolsController } from './inbox-tools.controller';
import { InboxToolsService } from './inbox-tools.service';

/** The restricted handler side of cases. */
@Module({
  imports: [CaseGrantsModule, LabelsModule],
  controllers: [
    CasesController,
    RecoveryController,
    IdentityController,
    MetricsController,
    DisclosureController,
    ForwardedReportsController,
    SubjectAccessController,
    MeetingsController,
    ReporterMeetingsController,
    InboxToolsController,
  ],
  providers: [
    CasesService,
    CaseAccessService,
    AssignmentsService,
    RecoveryService,
    WorkflowService,
    CaseContentService,
    IdentityService,
    MetricsService,
    DisclosureService,
    SubjectAccessService,
    MeetingsService,
    CaseReferencesService,
    InboxToolsService,
  ],
  exports: [CaseAccessService, CaseReferencesService],
})
export class CasesModule {}
