import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { STALE_EVERY_MONTH } from '../survey-dispute-sums.repository.js';

const key = (name: string, length: number) => ({ name, type: 'varchar', length: String(length), isPrimary: true });
const count = (name: string) => ({ name, type: 'integer', default: 0 });
const REPORT_KEY = [key('month', 7), key('category', 64), key('channel', 16)];

/**
 * Monthly sums of the satisfaction surveys and disputes, by the month the complaint was received in, its category and
 * channel, so that their reports read a few thousand sums instead of joining every survey, answer and dispute to its
 * complaint. Recomputed for a month a survey or dispute write (or a change to a complaint's month, category or
 * channel) marked stale; every month of the existing complaints is marked here, so the first report sums them.
 */
export class SurveyAndDisputeSums1767000000001 implements MigrationInterface {
  name = 'SurveyAndDisputeSums1767000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({ name: 'report_survey_months', columns: [...REPORT_KEY, key('survey_channel', 16), count('sent'), count('responded')] }),
    );
    await queryRunner.createTable(
      new Table({ name: 'report_answer_months', columns: [...REPORT_KEY, key('question', 16), key('answer', 8), count('count')] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_dispute_months',
        columns: [
          ...REPORT_KEY,
          count('offered'),
          count('consented'),
          count('referred'),
          count('decided'),
          count('upheld'),
          count('implemented'),
          // milliseconds from outcome to remedy, summed: integers add up exactly, whatever the order
          { name: 'implement_ms', type: 'bigint', default: 0 },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_stale_sums',
        columns: [{ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }, { name: 'sums', type: 'varchar', length: '16' }, { name: 'month', type: 'varchar', length: '7' }],
      }),
    );
    await queryRunner.createIndex('report_stale_sums', new TableIndex({ name: 'report_stale_sums_month_idx', columnNames: ['sums', 'month'] }));
    for (const statement of STALE_EVERY_MONTH) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['report_stale_sums', 'report_dispute_months', 'report_answer_months', 'report_survey_months']) await queryRunner.dropTable(table);
  }
}
