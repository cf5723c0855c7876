import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the staff list of complaints, which is filtered, newest first, and counted. Each holds the list's order
 * (received_at descending, reference ascending) after its filters and the reference itself, so that a page is found
 * and the filter's matches counted in the index alone, however many complaints there are: by status and category,
 * and the overdue ones (a running deadline, next_due_at, already passed). Plain CREATE INDEX: both dialects say it the
 * same way.
 */
export class ComplaintListIndexes1765500000001 implements MigrationInterface {
  name = 'ComplaintListIndexes1765500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX complaints_status_category_list_idx ON complaints (status, category, received_at DESC, reference)');
    await queryRunner.query('CREATE INDEX complaints_next_due_list_idx ON complaints (next_due_at, received_at DESC, reference)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX complaints_next_due_list_idx');
    await queryRunner.query('DROP INDEX complaints_status_category_list_idx');
  }
}
