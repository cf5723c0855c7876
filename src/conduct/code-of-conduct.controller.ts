import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CodeOfConduct } from './code-of-conduct.schema.js';
import { CodeOfConductService } from './code-of-conduct.service.js';
import { renderCodeOfConductHtml } from './render-code-of-conduct.js';

// The page has no script and only inline styles; forbid everything else so injected markup could do nothing.
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The published code of conduct, for customers (HTML) and for machines (JSON). */
@ApiTags('public')
@Controller()
export class CodeOfConductController {
  private readonly html: string;

  constructor(private readonly conduct: CodeOfConductService) {
    this.html = renderCodeOfConductHtml(conduct.code);
  }

  @Get('code-of-conduct')
  @ApiOperation({ summary: 'The published code of conduct (ISO 10001), as an accessible page for customers' })
  @ApiResponse({ status: 200, description: 'An HTML page' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  page(): string {
    return this.html;
  }

  @Get('code-of-conduct.json')
  @ApiOperation({ summary: 'The code of conduct in force, with its promises and clocks, as JSON' })
  @ApiResponse({ status: 200, description: 'The code of conduct' })
  json(): CodeOfConduct {
    return this.conduct.code;
  }
}
