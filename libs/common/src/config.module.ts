import { DynamicModule, Global, Module } from '@nestjs/common';
import { KanavaConfig } from './config';
import { MailService } from './mail.service';

/** Makes the validated KanavaConfig (and the mail sender built on it) injectable everywhere. */
@Global()
@Module({})
export class KanavaConfigModule {
  static forRoot(config: KanavaConfig): DynamicModule {
    return {
      module: KanavaConfigModule,
      providers: [{ provide: KanavaConfig, useValue: config }, MailService],
      exports: [KanavaConfig, MailService],
    };
  }
}
