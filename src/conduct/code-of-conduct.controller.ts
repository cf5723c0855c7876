import { Controller, Get, Header, Inject, Logger } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { IndicatorsService } from '../indicators/indicators.service.js';
import type { PublishedPerformance } from '../indicators/published-performance.js';
import type { CodeOfConduct } from './code-of-conduct.schema.js';
import { CodeOfConductService } from './code-of-conduct.service.js';
import { publishedPromises, renderCodeOfConductHtml } from './render-code-of-conduct.js';

// The page has no script and only inline styles; forbid everything else so injected markup could do nothing.
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The published figures change only as deadlines come due and quarters end, and anyone may ask for the page: they are
 * counted at most this often, not on every request.
 */
const FIGURES_FRESH_MS = 10 * 60_000;

/** The published code of conduct, for customers (HTML) and for machines (JSON), with how its promises are kept. */
@ApiTags('public')
@Controller()
export class CodeOfConductController {
  private readonly logger = new Logger('CodeOfConduct');
  private counted?: { at: number; performance: PublishedPerformance; html: string };

  constructor(
    private readonly conduct: CodeOfConductService,
    private readonly indicators: IndicatorsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('code-of-conduct')
  @ApiOperation({ summary: 'The published code of conduct (ISO 10001), as an accessible page for customers, with how often each promise was kept' })
  @ApiResponse({ status: 200, description: 'An HTML page' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  async page(): Promise<string> {
    return (await this.figures()).html;
  }

  @Get('code-of-conduct.json')
  @ApiOperation({ summary: 'The code of conduct in force, with its promises and clocks, and `performance`: each promise kept over the last four complete quarters, as JSON' })
  @ApiResponse({ status: 200, description: 'The code of conduct' })
  async json(): Promise<CodeOfConduct & { performance?: PublishedPerformance }> {
    const { performance } = await this.figures();
    return performance ? { ...this.conduct.code, performance } : this.conduct.code;
  }

  /**
   * The figures, counted afresh once the last count is old. The code itself must stay published whatever happens to
   * the database: if the figures cannot be counted, the page goes out without them (and says nothing of them) rather
   * than not at all.
   */
  private async figures(): Promise<{ performance?: PublishedPerformance; html: string }> {
    const now = this.clock.now().getTime();
    if (this.counted && now - this.counted.at >= 0 && now - this.counted.at < FIGURES_FRESH_MS) return this.counted;
    let performance: PublishedPerformance;
    try {
      performance = await this.indicators.published(publishedPromises(this.conduct.code));
    } catch (error) {
      this.logger.error(`The published figures could not be counted; the code of conduct goes out without them: ${String(error)}`);
      return { html: renderCodeOfConductHtml(this.conduct.code) };
    }
    this.counted = { at: now, performance, html: renderCodeOfConductHtml(this.conduct.code, performance) };
    return this.counted;
  }
}
