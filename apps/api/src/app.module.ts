import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttachmentsModule } from '@kanava/attachments';
import { AuditModule } from '@kanava/audit';
import { CasesModule } from '@kanava/cases';
import { KanavaConfig, KanavaConfigModule } from '@kanava/common';
import { dataSourceOptions, migrate } from '@kanava/database';
import { JobsModule } from '@kanava/jobs';
import { PrivacyModule } from '@kanava/privacy';
import { QuestionnairesModule } from '@kanava/questionnaires';
import { ReporterModule } from '@kanava/reporter';
import { RetentionModule } from '@kanava/retention';
import { StaffModule } from '@kanava/staff';
import { HealthController } from './health.controller';

/** Config whose database URL is resolved (external, or the embedded server's). */
export type ResolvedConfig = KanavaConfig & { databaseUrl: string };

@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        KanavaConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl),
          // Migrations run before the app serves anything (under an advisory lock for many instances).
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            await migrate(ds);
            return ds;
          },
        }),
        TerminusModule,
        StaffModule,
        ReporterModule,
        CasesModule,
        AttachmentsModule,
        AuditModule,
        RetentionModule,
        PrivacyModule,
        QuestionnairesModule,
        JobsModule,
      ],
      controllers: [HealthController],
    };
  }
}
