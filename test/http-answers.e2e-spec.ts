import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(60_000);

/** A raw request, as a client with very large headers sends it (fetch would refuse to). */
function rawGet(baseUrl: string, headers: Record<string, string>): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${baseUrl}/api/complaints`, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
    });
    call.on('error', reject);
    call.end();
  });
}

describe('how every answer is given', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp('sqlite');
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('sends security headers with JSON answers', async () => {
    const answer = await server.request('GET', '/api/complaints');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
  });

  it.each(['/docs', '/code-of-conduct', '/'])('sends security headers and a page policy that forbids framing with %s', async (path) => {
    const answer = await server.request('GET', path, { auth: false });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['DELETE', '/api/complaints/7K4M-9P2X', 'GET, HEAD'],
    ['PUT', '/api/complaints', 'GET, HEAD, POST'],
    ['GET', '/api/complaints/7K4M-9P2X/notes', 'POST'],
  ])('answers %s %s with 405 and what the address allows', async (method, path, allow) => {
    const answer = await server.request(method, path);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allow);
    expect(answer.body).toMatchObject({ statusCode: 405, code: 'method_not_allowed', allowed: allow.split(', ') });
  });

  it('answers an address that does not exist with a JSON 404', async () => {
    const answer = await server.request('GET', '/api/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('answers headers too large with a JSON 431', async () => {
    const answer = await rawGet(server.baseUrl, { 'x-padding': 'a'.repeat(20_000) });
    expect(answer.status).toBe(431);
    expect(answer.type).toContain('application/json');
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 431, code: 'headers_too_large', message: 'The request headers are too large.' });
  });
});
