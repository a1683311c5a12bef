export { CasesModule } from './cases.module';
export { CaseAccessService } from './case-access.service';
export { CaseReferencesService } from './case-references.service';
export type { CasePermission } from './case-access.service';
export { CaseErrorCode, CaseRuleErrorCode } from './errors';
export { removeExpiredGrants } from './assignments.service';
export { CaseParams } from './dto/list-cases.dto';
