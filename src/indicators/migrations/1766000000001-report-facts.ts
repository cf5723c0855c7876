import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Closure, CaseDeadline } from '../../complaints/domain/complaint.js';
import { caseFacts, monthOf, type FactEvent } from '../case-facts.js';

const text = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const count = (name: string) => ({ name, type: 'integer', default: 0 });
const REPORT_KEY = [text('month', 7), text('category', 64), text('channel', 16)];

/**
 * What the reports read instead of every complaint's JSON and history: one row of facts a complaint, one row a
 * deadline it holds (both written with the case), and monthly sums of them per category and channel, recomputed for
 * a month when a change to one of its complaints has marked it stale. Existing complaints are read once here and
 * every month marked stale, so the first report computes the sums.
 */
export class ReportFacts1766000000001 implements MigrationInterface {
  name = 'ReportFacts1766000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'complaint_facts',
        columns: [
          { ...text('reference', 9), isPrimary: true },
          text('received_at', 24),
          text('category', 64),
          text('channel', 16),
          text('root_cause', 64, true),
          text('outcome', 64, true),
          count('ended'),
          count('reopened'),
          count('withdrawn'),
          { name: 'acknowledge_seconds', type: 'integer', isNullable: true },
          { name: 'final_response_seconds', type: 'integer', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_deadlines',
        columns: [
          { ...text('reference', 9), isPrimary: true },
          { ...text('promise_id', 64), isPrimary: true },
          text('received_at', 24),
          text('category', 64),
          text('channel', 16),
          text('due_at', 24),
          text('settled_at', 24, true),
          text('outcome', 16, true),
          count('runs_while_paused'),
          text('paused_at', 24, true),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_promise_months',
        columns: [...REPORT_KEY.map((c) => ({ ...c, isPrimary: true })), { ...text('promise_id', 64), isPrimary: true }, count('met'), count('missed'), count('not_applicable')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_case_months',
        columns: [
          ...REPORT_KEY.map((c) => ({ ...c, isPrimary: true })),
          // '' for none: a key column cannot be null
          { ...text('root_cause', 64), isPrimary: true },
          { ...text('outcome', 64), isPrimary: true },
          count('received'),
          count('ended'),
          count('reopened'),
          count('withdrawn'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_duration_months',
        columns: [...REPORT_KEY.map((c) => ({ ...c, isPrimary: true })), { ...text('measure', 16), isPrimary: true }, { name: 'bucket', type: 'integer', isPrimary: true }, count('count')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_stale_months',
        columns: [{ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }, text('month', 7)],
      }),
    );
    // the edges of a period, and the durations in order (a median is read from the index)
    await queryRunner.createIndex('complaint_facts', new TableIndex({ name: 'complaint_facts_received_idx', columnNames: ['received_at'] }));
    await queryRunner.query('CREATE INDEX complaint_facts_acknowledge_idx ON complaint_facts (acknowledge_seconds, received_at, category, channel)');
    await queryRunner.query('CREATE INDEX complaint_facts_final_response_idx ON complaint_facts (final_response_seconds, received_at, category, channel)');
    await queryRunner.query('CREATE INDEX case_deadlines_received_idx ON case_deadlines (received_at)');
    // the deadlines still running, whose outcome depends on the moment: few, whatever the size of the table
    await queryRunner.query('CREATE INDEX case_deadlines_running_idx ON case_deadlines (received_at) WHERE settled_at IS NULL');
    await this.backfill(queryRunner);
  }

  private async backfill(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    let after = '';
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT reference, received_at, category, channel, closure, acknowledged_at, deadlines, paused_at FROM complaints WHERE reference > ${p(1)} ORDER BY reference LIMIT 500`,
        [after],
      )) as Record<string, string | null>[];
      if (rows.length === 0) break;
      after = rows[rows.length - 1].reference as string;
      const references = rows.map((row) => row.reference as string);
      const marks = references.map((_, i) => p(i + 1)).join(', ');
      const events = (await queryRunner.query(
        `SELECT reference, type, at FROM case_events WHERE reference IN (${marks}) AND type IN ('complaint.closed', 'complaint.withdrawn', 'complaint.reopened', 'complaint.response_proposed')`,
        references,
      )) as { reference: string; type: string; at: string }[];
      const byReference = new Map<string, FactEvent[]>();
      for (const event of events) byReference.set(event.reference, [...(byReference.get(event.reference) ?? []), { type: event.type, at: event.at }]);
      for (const row of rows) {
        const { facts, deadlines } = caseFacts(
          {
            reference: row.reference as string,
            receivedAt: row.received_at as string,
            category: row.category as string,
            channel: row.channel as string,
            closure: row.closure ? (JSON.parse(row.closure) as Closure) : null,
            acknowledgedAt: row.acknowledged_at,
            deadlines: JSON.parse(row.deadlines ?? '[]') as CaseDeadline[],
            pausedAt: row.paused_at,
          },
          byReference.get(row.reference as string) ?? [],
        );
        await queryRunner.query(
          `INSERT INTO complaint_facts (reference, received_at, category, channel, root_cause, outcome, ended, reopened, withdrawn, acknowledge_seconds, final_response_seconds)
           VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(p).join(', ')})`,
          [facts.reference, facts.receivedAt, facts.category, facts.channel, facts.rootCause, facts.outcome, Number(facts.ended), Number(facts.reopened), Number(facts.withdrawn), facts.acknowledgeSeconds, facts.finalResponseSeconds],
        );
        for (const d of deadlines) {
          await queryRunner.query(
            `INSERT INTO case_deadlines (reference, promise_id, received_at, category, channel, due_at, settled_at, outcome, runs_while_paused, paused_at)
             VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(p).join(', ')})`,
            [d.reference, d.promiseId, d.receivedAt, d.category, d.channel, d.dueAt, d.settledAt, d.outcome, Number(d.runsWhilePaused), d.pausedAt],
          );
        }
      }
      const months = [...new Set(rows.map((row) => monthOf(row.received_at as string)))];
      for (const month of months) await queryRunner.query(`INSERT INTO report_stale_months (month) VALUES (${p(1)})`, [month]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['report_stale_months', 'report_duration_months', 'report_case_months', 'report_promise_months', 'case_deadlines', 'complaint_facts']) {
      await queryRunner.dropTable(table);
    }
  }
}
