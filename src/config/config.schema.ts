import { z } from 'zod';

const optionalSecret = z.string().min(1).optional();

/** Every setting Redress reads from the environment. Nothing outside src/config reads process.env. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  STAFF_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CODE_OF_CONDUCT_FILE: z.string().min(1).optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TWILIO_AUTH_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_BOT_TOKEN: optionalSecret,
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; the error names the first offending variable in one line. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}`);
}

/** Names of settings whose values must never be logged. */
export const SECRET_SETTINGS = ['DATABASE_URL', 'STAFF_API_KEY', 'TWILIO_AUTH_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'] as const;

/** The one place that reads the process environment. */
export function configFromEnvironment(): AppConfig {
  return parseConfig(process.env);
}
