import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

/** The table the migration RateLimits1766400000001 makes, shaped as rate-limiter-flexible's PostgreSQL store wants it. */
export const RATE_LIMITS_TABLE = 'rate_limits';

export interface LimitSettings {
  /** Names the limit: keys of different limits never meet, in memory or in the table. */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

/**
 * Limits counted where every instance sees them: on PostgreSQL in one table shared by all instances, so a client
 * spreading its requests over several instances gets no more than from one; on SQLite, which serves one instance, in
 * memory.
 */
@Injectable()
export class RateLimiters {
  constructor(private readonly dataSource: DataSource) {}

  create(settings: LimitSettings): RateLimiterAbstract {
    if (this.dataSource.options.type !== 'postgres') return new RateLimiterMemory(settings);
    return new RateLimiterPostgres({
      ...settings,
      storeClient: this.dataSource,
      storeType: 'typeorm',
      tableName: RATE_LIMITS_TABLE,
      // made by a migration, never at run time: the database user need not be allowed to create tables
      tableCreated: true,
      // rows of windows that ended an hour ago are deleted every five minutes
      clearExpiredByTimeout: true,
    });
  }
}
