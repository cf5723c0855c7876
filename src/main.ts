import 'reflect-metadata';
// before anything loads botbuilder
import './runtime/use-native-async.js';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { IntegrityError } from './audit/audit-integrity.js';
import { ConfigError, configFromEnvironment } from './config/config.schema.js';
import { closeOnSignals } from './health/graceful-shutdown.js';

async function main() {
  const config = configFromEnvironment();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  closeOnSignals(app, config.SHUTDOWN_GRACE_SECONDS, new Logger());
  const { port } = app.getHttpServer().address() as AddressInfo;
  // 0.0.0.0 and :: are where it listens, not addresses a browser can open
  const host = ['0.0.0.0', '::'].includes(config.HOST) ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const local = `http://${host}:${port}/`;
  new Logger('Redress').log(`Listening on ${local}${config.PUBLIC_URL ? ` (public address ${config.PUBLIC_URL})` : ''}: web chat at ${local}, staff API reference at ${local}docs`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    // One line an operator can act on, no stack: the configuration, not the code, is wrong.
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  if (error instanceof IntegrityError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(65); // EX_DATAERR
  }
  throw error;
});
