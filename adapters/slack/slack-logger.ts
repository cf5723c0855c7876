import { Logger as NestLogger } from '@nestjs/common';
import bolt from '@slack/bolt';
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';

/**
 * Bolt's and the Web API client's logging, into the application's log. Their debug lines are dropped: they carry
 * whole request bodies, which hold what customers wrote.
 */
export function boltLogger(name = 'Slack'): BoltLogger {
  const logger = new NestLogger(name);
  let level: LogLevel = bolt.LogLevel.INFO;
  const say = (write: (object: object, message: string) => void) => (...parts: unknown[]) => {
    const err = parts.find((part) => part instanceof Error);
    const message = parts
      .filter((part) => !(part instanceof Error))
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
      .join(' ');
    write(err ? { err } : {}, message || (err as Error | undefined)?.message || '');
  };
  return {
    debug: () => undefined,
    info: say((object, message) => logger.log(object, message)),
    warn: say((object, message) => logger.warn(object, message)),
    error: say((object, message) => logger.error(object, message)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
