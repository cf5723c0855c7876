import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limits every instance counts in on PostgreSQL (see RateLimiters), in the shape rate-limiter-flexible's
 * PostgreSQL store reads and writes: the limit's prefix and key, points used, and when the window ends (epoch
 * milliseconds). SQLite serves one instance and keeps its limits in memory, so the table is made on PostgreSQL only.
 */
export class RateLimits1766400000001 implements MigrationInterface {
  name = 'RateLimits1766400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('CREATE TABLE rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)');
    await queryRunner.query('CREATE INDEX rate_limits_expire_idx ON rate_limits (expire)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP TABLE rate_limits');
  }
}
