import { Module } from '@nestjs/common';
import { LabelsAdminController, LabelsController } from './labels.controller';
import { LabelsService } from './labels.service';

/** Labels the admin defines and handlers put on cases. */
@Module({
  controllers: [LabelsAdminController, LabelsController],
  providers: [LabelsService],
  exports: [LabelsService],
})
export class LabelsModule {}
