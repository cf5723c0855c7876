import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Inject, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CLOCK, type Clock } from '../../complaints/clock.js';
import { CodeOfConductService } from '../../conduct/code-of-conduct.service.js';
import { loadCatalogue } from '../../notifications/catalogue.js';
import { answerBy } from './answer-by.js';
import { renderClosed, renderFailure, renderStop, renderStopped, renderSurveyForm, renderThanks, type ClosedReason, type PageContext, type PageText } from './render-survey-page.js';
import { SurveyPageService, type SubmitResult } from './survey-page.service.js';

/**
 * No script, inline styles only, and the form may post to this page alone. No cookie is involved, so there is no
 * session for another site to ride on (what CSRF protection guards): the one credential is the unguessable token in
 * the page's own address, which a forged cross-site post would need to know already.
 */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const translate = loadCatalogue(new URL('./messages/', import.meta.url));

/** The way back to the root of Redress from /survey/<token>, and from /survey/<token>/stop. */
const PAGE_ROOT = '../';
const STOP_ROOT = '../../';

/** Where a customer emailed a survey link answers it: an HTML form, the same questions the web chat asks. */
@ApiTags('public')
@Controller('survey')
export class SurveyPageController {
  private readonly logger = new Logger('SurveyPage');

  constructor(
    private readonly pages: SurveyPageService,
    private readonly conduct: CodeOfConductService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':token')
  @ApiOperation({ summary: 'The satisfaction survey page a customer is sent a link to by email (HTML)' })
  @ApiParam({ name: 'token', description: 'The secret token from the link' })
  @ApiResponse({ status: 200, description: 'The survey form' })
  @ApiResponse({ status: 404, description: 'No survey has this link' })
  @ApiResponse({ status: 410, description: 'The survey was answered, has expired, or was stopped (the case was reopened)' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.answering(response, async () => {
      const state = await this.pages.open(token);
      if (state.kind === 'closed') return this.closed(response, state, PAGE_ROOT, `${token}/stop`);
      const { survey } = state;
      return renderSurveyForm(this.context(survey.language, PAGE_ROOT), {
        reference: survey.reference,
        until: this.until(survey.expiresAt, survey.language),
        asking: survey.status === 'asking',
        stopAction: `${token}/stop`,
      });
    });
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sends the answers of the survey page (form fields handling, outcome, effort, datesKept, comment; each optional)' })
  @ApiParam({ name: 'token', description: 'The secret token from the link' })
  @ApiResponse({ status: 200, description: 'The answers are kept: a thank-you page' })
  @ApiResponse({ status: 422, description: 'An answer does not fit: the form again, with what was typed and what is wrong' })
  @ApiResponse({ status: 404, description: 'No survey has this link' })
  @ApiResponse({ status: 410, description: 'The survey was answered, has expired, or was stopped' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  @Header('Cache-Control', 'no-store')
  async send(@Param('token') token: string, @Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.answering(response, async () => {
      const result: SubmitResult = await this.pages.submit(token, body);
      switch (result.kind) {
        case 'closed':
          return this.closed(response, result, PAGE_ROOT, `${token}/stop`);
        case 'invalid': {
          response.status(422);
          const { survey } = result;
          return renderSurveyForm(this.context(survey.language, PAGE_ROOT), {
            reference: survey.reference,
            until: this.until(survey.expiresAt, survey.language),
            asking: survey.status === 'asking',
            values: result.values,
            errors: result.errors,
            stopAction: `${token}/stop`,
          });
        }
        case 'kept':
          return renderThanks(this.context(result.survey.language, PAGE_ROOT), result.survey.reference, result.answered);
        case 'open':
          throw new Error('A sent form was left open');
      }
    });
  }

  @Get(':token/stop')
  @ApiOperation({ summary: 'Where a survey email\'s "unsubscribe" leads: a page with the button that stops all further surveys' })
  @ApiParam({ name: 'token', description: 'The secret token from the link' })
  @ApiResponse({ status: 200, description: 'The page with the button' })
  @ApiResponse({ status: 404, description: 'No survey has this link' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  @Header('Cache-Control', 'no-store')
  async askToStop(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    // a GET changes nothing: mail scanners open links; only the button (or a mail program's one-click POST) stops
    return this.answering(response, async () => {
      const state = await this.pages.open(token);
      if (state.kind === 'closed' && state.reason === 'unknown') return this.closed(response, state, STOP_ROOT);
      return renderStop(this.context(state.survey?.language ?? this.conduct.code.language, STOP_ROOT));
    }, STOP_ROOT);
  }

  @Post(':token/stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stops all further surveys to this customer (the page\'s button, or RFC 8058 one-click unsubscribe)' })
  @ApiParam({ name: 'token', description: 'The secret token from the link' })
  @ApiResponse({ status: 200, description: 'Stopped: a page that says so' })
  @ApiResponse({ status: 404, description: 'No survey has this link' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  @Header('Cache-Control', 'no-store')
  async stop(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.answering(response, async () => {
      const result = await this.pages.stop(token);
      if (result.kind === 'closed') return this.closed(response, result, STOP_ROOT);
      return renderStopped(this.context(result.survey.language, STOP_ROOT));
    }, STOP_ROOT);
  }

  /** A customer gets a page whatever happens: an unexpected failure is logged with an id the page gives them too. */
  private async answering(response: Response, work: () => Promise<string>, root = PAGE_ROOT): Promise<string> {
    try {
      return await work();
    } catch (error) {
      const errorId = randomUUID();
      this.logger.error({ errorId, err: error }, 'The survey page failed');
      response.status(500);
      return renderFailure(this.context(this.conduct.code.language, root), errorId);
    }
  }

  /** `stopAction`: where the page's form that stops further surveys posts, on a real survey's link. */
  private closed(response: Response, state: { reason: ClosedReason; survey?: { language: string; reference: string } }, root: string, stopAction?: string): string {
    // unknown: there is nothing here; the others were here and are gone for good
    response.status(state.reason === 'unknown' ? 404 : 410);
    const language = state.survey?.language ?? this.conduct.code.language;
    const stop = state.reason === 'unknown' ? undefined : stopAction;
    return renderClosed(this.context(language, root), state.reason, state.survey?.reference, stop);
  }

  private context(language: string, root: string): PageContext {
    return { code: this.conduct.code, language: this.language(language), t: this.text(language), root };
  }

  private language(language: string): string {
    return this.text(language)('language_code');
  }

  private text(language: string): PageText {
    const t = translate(language);
    return (key, variables = {}) => t(key, variables);
  }

  private until(expiresAt: string, language: string): string {
    const settings = this.conduct.code.satisfactionSurvey;
    const organisation = { locale: this.conduct.code.language, timeZone: settings?.timeZone ?? this.conduct.timeZone() };
    const { time, date } = answerBy(expiresAt, this.language(language), organisation, this.clock.now());
    return this.text(language)('until', { time, date });
  }
}
