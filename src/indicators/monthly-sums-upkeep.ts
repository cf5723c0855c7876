import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ClusterLocks } from '../database/cluster-locks.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MONTHLY_SUMS, type MonthlySums } from './monthly-sums.js';
import { nextMonth } from './report-period.js';
import { StaleMonthsSignal } from './stale-months-signal.js';

/**
 * How long after a write marked a month stale its sums are brought up to date: writes that come together (a busy
 * desk, a batch of imports) are summed once, and the writing transaction has long committed by then.
 */
export const UPKEEP_DELAY_MS = 2_000;
/** A mark whose signal came before its transaction committed, or a mark made by another instance, waits no longer. */
const CHECK_EVERY_MS = 60_000;
const LOCK = 'monthly-sums-upkeep';

/**
 * Keeps the monthly sums up to date off the request path: every stale month once the app has started (after an
 * upgrade whose migration marked every month, or a bulk load), and soon after a write marks one. Each month is
 * recomputed in a transaction of its own, newest first (the months reports read most), so that on SQLite the
 * customers' turns wait for one month's sums at most, never for all of them. On PostgreSQL one instance at a time does
 * it (ClusterLocks); another that finds it busy asks again shortly. A report still recomputes any month it finds
 * stale, so its figures are exact either way.
 */
@Injectable()
export class MonthlySumsUpkeep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MonthlySumsUpkeep');
  private timer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = false;

  constructor(
    @Inject(MONTHLY_SUMS) private readonly kinds: MonthlySums[],
    private readonly locks: ClusterLocks,
    private readonly uow: UnitOfWork,
    signal: StaleMonthsSignal,
  ) {
    signal.onMarked(() => this.soon());
  }

  onApplicationBootstrap(): void {
    this.kick();
    this.interval = setInterval(() => this.kick(), CHECK_EVERY_MS);
    this.interval.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.interval);
    clearTimeout(this.timer);
    await this.running;
  }

  /** Brings every kind's stale months up to date now, here; false when another instance is doing it. */
  async bringUpToDate(): Promise<boolean> {
    const run = await this.locks.ifFree(LOCK, async () => {
      for (const sums of this.kinds) {
        const months = await sums.staleMonths();
        for (const month of months) {
          if (this.stopping) return;
          await sums.refresh({ from: month, to: nextMonth(month) });
        }
        if (months.length > 1) this.logger.log({ kind: sums.kind, months: months.length }, 'Monthly sums brought up to date');
      }
    });
    return run.ran;
  }

  /** Once, UPKEEP_DELAY_MS from the first signal: the signals meanwhile are answered by the same run. */
  private soon(): void {
    if (this.stopping || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, UPKEEP_DELAY_MS);
    this.timer.unref();
  }

  private kick(): void {
    if (this.stopping) return;
    if (this.running) {
      // marks made while a run reads them may come after it has read them
      this.again = true;
      return;
    }
    this.running = this.uow.detached(() =>
      this.bringUpToDate()
        .then((ran) => {
          if (!ran) this.again = true;
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'Could not bring the monthly sums up to date; a report recomputes what it reads'))
        .finally(() => {
          this.running = undefined;
          if (this.again) {
            this.again = false;
            this.soon();
          }
        }),
    );
  }
}
