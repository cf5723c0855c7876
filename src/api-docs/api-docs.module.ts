import { Module } from '@nestjs/common';
import { ApiReferenceController } from './api-reference.controller.js';
import { ApiReference } from './api-reference.js';

/** The staff API's reference at /docs, and its OpenAPI document at /docs/openapi.json. */
@Module({
  controllers: [ApiReferenceController],
  providers: [ApiReference],
  exports: [ApiReference],
})
export class ApiDocsModule {}
