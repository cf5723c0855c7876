import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiReference } from './api-docs/api-reference.js';
import type { OpenApiDocument } from './api-docs/render-api-reference.js';
import { AppModule } from './app.module.js';
import { APP_CONFIG } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';

/**
 * How the application is created, here and in the end-to-end tests. Slack and Twilio sign the exact bytes they send,
 * so the body parsers keep the raw body beside the parsed one (`req.rawBody`).
 */
export const APP_OPTIONS = { bufferLogs: true, rawBody: true } as const;

/** Builds the whole server; main.ts and the end-to-end tests both start Redress through here. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { ...APP_OPTIONS, abortOnError: false });
  configureApp(app);
  return app;
}

/** Everything a built application needs before it listens; the end-to-end tests call this too. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
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
      .build(),
  );
  app.get(ApiReference).publish(document as unknown as OpenApiDocument);
}
