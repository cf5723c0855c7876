import { describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Express, Request, Response } from 'express';
import { ExpressHttpAdapter } from './express-http-adapter.js';

describe('ExpressHttpAdapter', () => {
  it('builds requests and responses on Express prototypes, so Express never has to change them, and Express still works', async () => {
    const adapter = new ExpressHttpAdapter();
    adapter.initHttpServer();
    const app = adapter.getInstance<Express>();
    const server = adapter.getHttpServer();
    // as the request arrives, before Express has seen it
    const seen: { request: boolean; response: boolean }[] = [];
    server.prependListener('request', (request, response) => {
      seen.push({ request: Object.getPrototypeOf(request) === app.request, response: Object.getPrototypeOf(response) === app.response });
    });
    app.get('/hello', (request: Request, response: Response) => {
      response.status(201).json({ agent: request.get('user-agent'), query: request.query.name });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const name of ['a', 'b']) {
        const answer = await fetch(`http://127.0.0.1:${port}/hello?name=${name}`, { headers: { 'user-agent': 'redress-test' } });
        expect(answer.status).toBe(201);
        expect(await answer.json()).toEqual({ agent: 'redress-test', query: name });
      }
      expect(seen).toEqual([
        { request: true, response: true },
        { request: true, response: true },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
