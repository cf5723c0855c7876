import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiReference } from './api-docs/api-reference.js';
import type { OpenApiDocument } from './api-docs/render-api-reference.js';
import { readSlackBodies, SLACK_EVENTS_PATH } from '../adapters/slack/slack-request-body.js';
import { AppModule } from './app.module.js';
import { ExpressHttpAdapter } from './common/http/express-http-adapter.js';
import { APP_CONFIG } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';

/**
 * How the application is created, here and in the end-to-end tests. Slack and Twilio sign the exact bytes they send,
 * so the body parsers keep the raw body beside the parsed one (`req.rawBody`).
 */
export const APP_OPTIONS = { bufferLogs: true, rawBody: true } as const;

/** Builds the whole server; main.ts and the end-to-end tests both start Redress through here. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), new ExpressHttpAdapter(), { ...APP_OPTIONS, abortOnError: false });
  configureApp(app);
  return app;
}

/** Everything a built application needs before it listens; the end-to-end tests call this too. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  // Security headers on every answer. Pages that need more (the chat page's scripts) set their own policy; anything
  // else, JSON above all, may load nothing and be framed by no one.
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] } },
      frameguard: { action: 'deny' },
    }),
  );
  // before the application's body parsers, whose 100 KB limit would refuse a large Slack event unseen
  app.use(SLACK_EVENTS_PATH, readSlackBodies);
  answerMalformedRequestsInJson(app.getHttpServer() as Server);
  const { TRUST_PROXY } = app.get<AppConfig>(APP_CONFIG);
  if (TRUST_PROXY !== undefined) express.set('trust proxy', TRUST_PROXY);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Redress staff API')
      .setDescription('Complaints handled to ISO 10002, promises kept to ISO 10001, for staff and the systems that work with them.')
      .setVersion('1')
      // the staff API key is an opaque secret, not a JWT
      .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'The staff API key' })
      .addSecurity('metrics', { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN (without it, /metrics answers callers on the same machine only)' })
      .build(),
  );
  app.get(ApiReference).publish(document as unknown as OpenApiDocument);
}

/**
 * Node answers a request it cannot parse (headers over its limit, a malformed request line) before Express sees it, with
 * a bare status line. Answer it as every other error is answered: JSON with a code.
 */
function answerMalformedRequestsInJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'Request Header Fields Too Large', 'The request headers are too large.']
        : [400, 'bad_request', 'Bad Request', 'The request could not be read as HTTP.'];
    const body = JSON.stringify({ statusCode: status, code, message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
