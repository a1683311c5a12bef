export { LabelsModule } from './labels.module';
export { LabelsService, type LabelView } from './labels.service';
export { LabelErrorCode } from './errors';
