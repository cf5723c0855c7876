import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each job that runs once across instances last ran to its end (see ScheduledJobs). */
export class ScheduledRuns1766400000002 implements MigrationInterface {
  name = 'ScheduledRuns1766400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE scheduled_runs (job varchar(100) PRIMARY KEY NOT NULL, last_started_at varchar(24) NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE scheduled_runs');
  }
}
