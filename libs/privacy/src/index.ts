export { PrivacyModule } from './privacy.module';
export { PrivacyService } from './privacy.service';
export { privacyNoticeTemplate, PRIVACY_LANGUAGES, type PrivacyLanguage, type PrivacyFacts } from './template';
export { processingRecord } from './processing-record';
export { PrivacyErrorCode } from './errors';
