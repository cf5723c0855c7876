import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiReference } from './api-reference.js';
import type { OpenApiDocument } from './render-api-reference.js';

// No script, inline styles only: injected markup could do nothing.
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

@ApiExcludeController()
@Controller('docs')
export class ApiReferenceController {
  constructor(private readonly reference: ApiReference) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  page(): string {
    return this.reference.html;
  }

  @Get('openapi.json')
  document(): OpenApiDocument {
    return this.reference.document;
  }
}
