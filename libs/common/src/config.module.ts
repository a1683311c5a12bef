import { DynamicModule, Global, Module } from '@nestjs/common';
import { KanavaConfig } from './config';

/** Makes the validated KanavaConfig injectable everywhere. */
@Global()
@Module({})
export class KanavaConfigModule {
  static forRoot(config: KanavaConfig): DynamicModule {
    return { module: KanavaConfigModule, providers: [{ provide: KanavaConfig, useValue: config }], exports: [KanavaConfig] };
  }
}
