import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the indicators, which are counted in SQL: complaints by channel within a period (category and received
 * time have theirs already), and a case's workflow events by type, which the outcome of every deadline, the reopen and
 * withdrawal rates and the time to a final response look up. Plain CREATE INDEX: both dialects say it the same way,
 * and it leaves the triggers that keep the case history append-only in place.
 */
export class IndicatorIndexes1764800000001 implements MigrationInterface {
  name = 'IndicatorIndexes1764800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX complaints_channel_received_idx ON complaints (channel, received_at)');
    await queryRunner.query('CREATE INDEX case_events_type_reference_at_idx ON case_events (type, reference, at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX case_events_type_reference_at_idx');
    await queryRunner.query('DROP INDEX complaints_channel_received_idx');
  }
}
