import { randomUUID } from 'node:crypto';
import { Catch, HttpException, HttpStatus, Logger, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, HTTP_STATUS_OF } from '../domain-error.js';
import { methodsAllowedAt } from './allowed-methods.js';

const CODE_OF_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorised',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** Every error leaves as `{ statusCode, code, message, ... }`; an unexpected one also gets an id that the log shares. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    const allowed = this.routeNotFound(exception) ? methodsAllowedAt(http.getRequest<Request>()) : [];
    if (allowed.length > 0) {
      response.setHeader('Allow', allowed.join(', '));
      const body = { code: 'method_not_allowed', message: `This address takes ${allowed.join(', ')} only.`, allowed };
      response.status(HttpStatus.METHOD_NOT_ALLOWED).json({ statusCode: HttpStatus.METHOD_NOT_ALLOWED, ...body });
      return;
    }
    const [status, body] = this.describe(exception);
    response.status(status).json({ statusCode: status, ...body });
  }

  /** Nest's answer to a request no route took, whose path may yet exist for other methods. */
  private routeNotFound(exception: unknown): boolean {
    return exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message);
  }

  private describe(exception: unknown): [number, Record<string, unknown>] {
    if (exception instanceof DomainError) {
      return [HTTP_STATUS_OF[exception.kind], { code: exception.code, message: exception.message, ...exception.details }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // body-parser reports malformed JSON as a 400 whose cause is a SyntaxError.
      const cause = (exception as { cause?: unknown }).cause;
      if (status === 400 && (cause instanceof SyntaxError || /JSON/i.test(exception.message))) {
        return [status, { code: 'invalid_json', message: 'The request body is not valid JSON.' }];
      }
      if (status < 500) {
        return [status, { code: CODE_OF_STATUS[status] ?? 'http_error', message: exception.message }];
      }
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'Unexpected error');
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { code: 'internal_error', message: 'Something went wrong on our side. Quote the error id if you report it.', errorId },
    ];
  }
}
