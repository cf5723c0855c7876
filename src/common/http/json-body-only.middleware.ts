import { HttpException, HttpStatus, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * The JSON APIs take JSON bodies only. Without this, a JSON body sent as a form (curl's `-d` without a header) is
 * parsed as one odd form field and refused with validation errors that name the wrong thing.
 */
@Injectable()
export class JsonBodyOnlyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    // `is` answers null for a request with no body, false for a body of another type
    if (request.is('application/json') === false) {
      throw new HttpException('Send the body as JSON, with the header Content-Type: application/json.', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    next();
  }
}
