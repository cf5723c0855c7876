import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CodeOfConductController } from './code-of-conduct.controller.js';
import type { CodeOfConduct } from './code-of-conduct.schema.js';
import { CODE_OF_CONDUCT, CodeOfConductService } from './code-of-conduct.service.js';
import { IndicatorsModule } from '../indicators/indicators.module.js';

export { CodeOfConductService };

/**
 * ISO 10001: the code of conduct, its promises and the clocks their deadlines run on. The code is loaded before
 * the application is built, so that a bad file stops the start with one line rather than a stack trace.
 */
@Global()
@Module({})
export class ConductModule {
  static forRoot(code: CodeOfConduct): DynamicModule {
    return {
      module: ConductModule,
      // the page publishes how the promises are kept
      imports: [IndicatorsModule],
      controllers: [CodeOfConductController],
      providers: [{ provide: CODE_OF_CONDUCT, useValue: code }, CodeOfConductService],
      exports: [CodeOfConductService],
    };
  }
}
