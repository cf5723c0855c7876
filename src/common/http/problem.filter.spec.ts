import { describe, expect, it, jest } from '@jest/globals';
import { BadRequestException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { DomainError } from '../domain-error.js';
import { ProblemFilter } from './problem.filter.js';

function hostCapturing(stack: unknown[] = []) {
  const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const request = { app: { router: { stack } }, path: '/api/things' };
  const response = {
    headersSent: false,
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe(ProblemFilter.name, () => {
  it('answers an expected failure with its status, code and details', () => {
    const { host, sent } = hostCapturing();
    new ProblemFilter().catch(new DomainError('conflict', 'complaint_invalid_transition', 'No.', { allowed: ['withdraw'] }), host);
    expect(sent).toEqual({
      headers: {},
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

  it('answers a known address asked with another method 405, with what it allows', () => {
    const route = (path: string, methods: string[]) => ({
      route: { methods: Object.fromEntries(methods.map((m) => [m, true])) },
      match: (asked: string) => asked === path,
    });
    const { host, sent } = hostCapturing([route('/api/things', ['get']), route('/api/things', ['post']), route('/elsewhere', ['delete'])]);
    new ProblemFilter().catch(new NotFoundException('Cannot DELETE /api/things'), host);
    expect(sent).toEqual({
      status: 405,
      headers: { Allow: 'GET, HEAD, POST' },
      body: { statusCode: 405, code: 'method_not_allowed', message: 'This address takes GET, HEAD, POST only.', allowed: ['GET', 'HEAD', 'POST'] },
    });
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
