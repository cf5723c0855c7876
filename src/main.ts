import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { ConfigError, configFromEnvironment } from './config/config.schema.js';

async function main() {
  const config = configFromEnvironment();
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    // One line an operator can act on, no stack: the configuration, not the code, is wrong.
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
});
