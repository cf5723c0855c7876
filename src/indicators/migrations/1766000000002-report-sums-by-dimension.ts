import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const text = (name: string, length: number) => ({ name, type: 'varchar', length: String(length), isPrimary: true });
const count = (name: string) => ({ name, type: 'integer', default: 0 });

/**
 * The monthly sums of the complaints, one set of rows per dimension a report groups by (all complaints by category
 * and channel; by root cause; by outcome) rather than one row per combination of all of them, which at a million
 * complaints was tens of thousands of rows to read for every report; and the durations' sums keyed by measure first,
 * so that a report reads only its measure's. Both are recomputed, so every month is marked stale.
 */
export class ReportSumsByDimension1766000000002 implements MigrationInterface {
  name = 'ReportSumsByDimension1766000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('report_case_months');
    await queryRunner.dropTable('report_duration_months');
    await queryRunner.createTable(
      new Table({
        name: 'report_case_months',
        // dimension: 'all', 'rootCause' or 'outcome'; value: the root cause or outcome, '' for none (and for 'all')
        columns: [text('dimension', 16), text('month', 7), text('category', 64), text('channel', 16), text('value', 64), count('received'), count('ended'), count('reopened'), count('withdrawn')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_duration_months',
        columns: [text('measure', 16), text('month', 7), text('category', 64), text('channel', 16), { name: 'bucket', type: 'integer', isPrimary: true }, count('count')],
      }),
    );
    await queryRunner.query(`INSERT INTO report_stale_months (month) SELECT DISTINCT substr(received_at, 1, 7) FROM complaint_facts`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('report_duration_months');
    await queryRunner.dropTable('report_case_months');
    await queryRunner.createTable(
      new Table({
        name: 'report_case_months',
        columns: [text('month', 7), text('category', 64), text('channel', 16), text('root_cause', 64), text('outcome', 64), count('received'), count('ended'), count('reopened'), count('withdrawn')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_duration_months',
        columns: [text('month', 7), text('category', 64), text('channel', 16), text('measure', 16), { name: 'bucket', type: 'integer', isPrimary: true }, count('count')],
      }),
    );
    await queryRunner.query(`INSERT INTO report_stale_months (month) SELECT DISTINCT substr(received_at, 1, 7) FROM complaint_facts`);
  }
}
