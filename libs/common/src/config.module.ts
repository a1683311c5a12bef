import { DynamicModule, Global, Module } from '@nestjs/common';
import { KanavaConfig } from './config';
import { Clock } from './clock';
import { MailService } from './mail.service';

/** Makes the validated KanavaConfig, the mail sender built on it and the clock injectable everywhere. */
@Global()
@Module({})
export class KanavaConfigModule {
  static forRoot(config: KanavaConfig): DynamicModule {
    return {
      module: KanavaConfigModule,
      providers: [{ provide: KanavaConfig, useValue: config }, MailService, Clock],
      exports: [KanavaConfig, MailService, Clock],
    };
  }
}
