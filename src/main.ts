import 'reflect-metadata';
import { ConfigError, parseConfig } from './config/config.schema.js';
import { createApp } from './app.factory.js';

async function main() {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
}

void main();
