import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DatabaseAccess } from './database-access.js';
import { Sql } from './sql.js';

const OPTIMIZE = new Sql('PRAGMA optimize');
const EVERY_MS = 6 * 3_600_000;

/**
 * SQLite's query planner chooses indexes by the statistics ANALYZE gathers (without them it may start a report from
 * the complaints of a period rather than from the far fewer disputes). As SQLite's documentation recommends for a
 * long-lived connection, `PRAGMA optimize=0x10002` runs when the file is opened (data-source.options.ts) and
 * `PRAGMA optimize` every few hours after, which re-analyses only the tables whose size has changed a lot.
 */
@Injectable()
export class SqliteOptimizer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(private readonly db: DatabaseAccess) {}

  onApplicationBootstrap(): void {
    if (this.db.dialect !== 'sqlite') return;
    this.timer = setInterval(() => void this.db.sql(OPTIMIZE).catch(() => undefined), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
