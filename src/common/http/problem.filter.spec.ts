import { describe, expect, it, jest } from '@jest/globals';
import { BadRequestException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { DomainError } from '../domain-error.js';
import { ProblemFilter } from './problem.filter.js';

function hostCapturing() {
  const sent: { status?: number; body?: Record<string, unknown> } = {};
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe(ProblemFilter.name, () => {
  it('answers an expected failure with its status, code and details', () => {
    const { host, sent } = hostCapturing();
    new ProblemFilter().catch(new DomainError('conflict', 'complaint_invalid_transition', 'No.', { allowed: ['withdraw'] }), host);
    expect(sent).toEqual({
      status: 409,
      body: { statusCode: 409, code: 'complaint_invalid_transition', message: 'No.', allowed: ['withdraw'] },
    });
  });

  it('gives framework errors a code too', () => {
    const { host, sent } = hostCapturing();
    new ProblemFilter().catch(new NotFoundException('Cannot GET /nowhere'), host);
    expect(sent.body).toMatchObject({ statusCode: 404, code: 'not_found' });
    new ProblemFilter().catch(new BadRequestException('Unexpected token } in JSON', { cause: new SyntaxError('x') }), host);
    expect(sent.body).toMatchObject({ statusCode: 400, code: 'invalid_json' });
  });

  it('hides an unexpected error behind an id that the log shares', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, sent } = hostCapturing();
    new ProblemFilter().catch(new TypeError('secret internals'), host);
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ code: 'internal_error', errorId: expect.any(String) });
    expect(JSON.stringify(sent.body)).not.toContain('secret internals');
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ errorId: sent.body?.errorId }), 'Unexpected error');
    logged.mockRestore();
  });
});
