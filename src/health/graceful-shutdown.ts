import type { INestApplication, LoggerService } from '@nestjs/common';
import { InstanceState } from './instance-state.js';

/**
 * On SIGTERM or SIGINT: answer /health/ready with 503 and claim no more work at once, let the turns and sends in hand
 * finish, close the servers and the database, and exit 0. Past `graceSeconds` the process exits 1 with what it holds
 * unfinished: those claims lapse after CLAIM_LEASE_SECONDS and another instance, or the next start, takes them up.
 *
 * Nest's own shutdown hooks are not used: after closing they raise the signal again, and the process then dies by it
 * rather than exiting 0, which a service manager reports as a failure.
 */
export function closeOnSignals(app: INestApplication, graceSeconds: number, logger: LoggerService): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn(`${signal} again while shutting down: stopping now; unfinished work is taken up when its lease lapses`, 'Shutdown');
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: shutting down, finishing the work in hand (up to ${graceSeconds} s)`, 'Shutdown');
    const drained = app.get(InstanceState).startDraining();
    const deadline = setTimeout(() => {
      logger.error(`Work still in hand after ${graceSeconds} s (SHUTDOWN_GRACE_SECONDS): stopping; it is taken up when its lease lapses`, undefined, 'Shutdown');
      process.exit(1);
    }, graceSeconds * 1000);
    // the database stays open until the sends in hand are settled: Nest's shutdown closes it in no set order
    drained.then(() => app.close()).then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`, error instanceof Error ? error.stack : undefined, 'Shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
