import { isDeepStrictEqual } from 'node:util';
import { Injectable, Optional } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { CaseDeadlineRecord } from './case-deadline.entity.js';
import { caseFacts, DURATION_BUCKETS, monthOf, type CaseFacts, type DeadlineFact, type FactEvent, type FactsOf } from './case-facts.js';
import { ComplaintFactsRecord } from './complaint-facts.entity.js';
import type { MonthlySums, MonthlySumsSource, MonthSpan } from './monthly-sums.js';
import { StaleMonths, type MonthRefresh } from './stale-months.repository.js';
import { StaleMonthsSignal } from './stale-months-signal.js';
import { SurveyDisputeSumsRepository } from './survey-dispute-sums.repository.js';

export type DurationMeasure = 'acknowledge' | 'finalResponse';

export const DURATION_COLUMN: Record<DurationMeasure, string> = { acknowledge: 'acknowledge_seconds', finalResponse: 'final_response_seconds' };

/** The bucket (index in DURATION_BUCKETS) of a duration column, as SQL. */
export function bucketSql(column: string): string {
  const steps = DURATION_BUCKETS.slice(1).map((bound, i) => `WHEN ${column} < ${bound} THEN ${i}`);
  return `CASE ${steps.join(' ')} ELSE ${DURATION_BUCKETS.length - 1} END`;
}

const FACT_COLUMNS = `reference, received_at AS "receivedAt", category, channel, root_cause AS "rootCause", outcome, ended, reopened, withdrawn,
  acknowledge_seconds AS "acknowledgeSeconds", final_response_seconds AS "finalResponseSeconds"`;
const DEADLINE_COLUMNS = `reference, promise_id AS "promiseId", received_at AS "receivedAt", category, channel, due_at AS "dueAt", settled_at AS "settledAt",
  outcome, runs_while_paused AS "runsWhilePaused", paused_at AS "pausedAt"`;

const FACTS_OF = new Sql(`SELECT ${FACT_COLUMNS} FROM complaint_facts WHERE reference = ?`);
const DEADLINES_OF = new Sql(`SELECT ${DEADLINE_COLUMNS} FROM case_deadlines WHERE reference = ?`);
const UPSERT_FACTS = new Sql(
  `INSERT INTO complaint_facts (reference, received_at, category, channel, root_cause, outcome, ended, reopened, withdrawn, acknowledge_seconds, final_response_seconds)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (reference) DO UPDATE SET received_at = excluded.received_at, category = excluded.category, channel = excluded.channel,
     root_cause = excluded.root_cause, outcome = excluded.outcome, ended = excluded.ended, reopened = excluded.reopened, withdrawn = excluded.withdrawn,
     acknowledge_seconds = excluded.acknowledge_seconds, final_response_seconds = excluded.final_response_seconds`,
);
const DELETE_DEADLINES = new Sql('DELETE FROM case_deadlines WHERE reference = ?');
const INSERT_DEADLINE = new Sql(
  `INSERT INTO case_deadlines (reference, promise_id, received_at, category, channel, due_at, settled_at, outcome, runs_while_paused, paused_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const MARK_STALE = new Sql('INSERT INTO report_stale_months (month) VALUES (?)');
const STALE_MONTHS = new Sql('SELECT DISTINCT month FROM report_stale_months ORDER BY month DESC');
const STALE = new StaleMonths('report_stale_months', new Sql('SELECT 1', 'SELECT pg_advisory_xact_lock(7660001)'));

/**
 * The rows the reports count a complaint by, written in the transaction that writes the complaint, and the monthly
 * sums the reports read for whole months. A change marks its complaint's month stale; the sums of stale months are
 * recomputed from the rows before a report reads them, so a sum is never out of date when read.
 */
@Injectable()
export class ReportFactsRepository implements MonthlySumsSource {
  /** Per month: delete its sums (given the month), then insert them again (given the month and its range). */
  private readonly refreshes: MonthRefresh[] = [];

  private readonly answerSums: SurveyDisputeSumsRepository;

  constructor(
    private readonly db: DatabaseAccess,
    @Optional() private readonly stale?: StaleMonthsSignal,
  ) {
    this.answerSums = new SurveyDisputeSumsRepository(db);
    const tables: [string, string, string][] = [
      [
        'report_promise_months (month, category, channel, promise_id, met, missed, not_applicable)',
        `SELECT ?, category, channel, promise_id, ${['met', 'missed', 'not_applicable'].map((o) => `SUM(CASE WHEN outcome = '${o}' THEN 1 ELSE 0 END)`).join(', ')}
         FROM case_deadlines WHERE received_at >= ? AND received_at < ? AND settled_at IS NOT NULL GROUP BY category, channel, promise_id`,
        'report_promise_months',
      ],
      ...[
        ['all', `''`],
        ['rootCause', `COALESCE(root_cause, '')`],
        ['outcome', `COALESCE(outcome, '')`],
      ].map(([dimension, value]): [string, string, string] => [
        'report_case_months (month, dimension, category, channel, value, received, ended, reopened, withdrawn)',
        `SELECT ?, '${dimension}', category, channel, ${value}, COUNT(*), SUM(ended), SUM(reopened), SUM(withdrawn)
         FROM complaint_facts WHERE received_at >= ? AND received_at < ? GROUP BY category, channel${dimension === 'all' ? '' : `, ${value}`}`,
        'report_case_months',
      ]),
    ];
    const durations = Object.entries(DURATION_COLUMN).map(
      ([measure, column]) => `SELECT ?, category, channel, '${measure}', bucket, COUNT(*) FROM (
          SELECT category, channel, ${bucketSql(column)} AS bucket FROM complaint_facts WHERE received_at >= ? AND received_at < ? AND ${column} IS NOT NULL
        ) t GROUP BY category, channel, bucket`,
    );
    for (const name of new Set(tables.map(([, , name]) => name))) this.refreshes.push({ statement: new Sql(`DELETE FROM ${name} WHERE month = ?`), range: false });
    for (const [table, select] of tables) this.refreshes.push({ statement: new Sql(`INSERT INTO ${table} ${select}`), range: true });
    this.refreshes.push({ statement: new Sql('DELETE FROM report_duration_months WHERE month = ?'), range: false });
    for (const select of durations) {
      this.refreshes.push({ statement: new Sql(`INSERT INTO report_duration_months (month, category, channel, measure, bucket, count) ${select}`), range: true });
    }
  }

  /**
   * Records what the reports count of `complaint` after a change, from its `events` (those of the change, with when
   * they happened), in the caller's transaction. Nothing is written when nothing they count changed.
   */
  async record(complaint: FactsOf, events: readonly FactEvent[]): Promise<void> {
    const before = await this.factsOf(complaint.reference);
    const next = caseFacts(complaint, events, before);
    const factsChanged = !isDeepStrictEqual(before.facts, next.facts);
    const deadlinesChanged = !isDeepStrictEqual(sorted(before.deadlines), sorted(next.deadlines));
    if (!factsChanged && !deadlinesChanged) return;
    if (factsChanged) await this.db.sql(UPSERT_FACTS, factValues(next.facts));
    if (deadlinesChanged) {
      await this.db.sql(DELETE_DEADLINES, [complaint.reference]);
      for (const deadline of next.deadlines) await this.db.sql(INSERT_DEADLINE, deadlineValues(deadline));
    }
    await this.db.sql(MARK_STALE, [monthOf(complaint.receivedAt)]);
    if (before.facts && monthOf(before.facts.receivedAt) !== monthOf(complaint.receivedAt)) await this.db.sql(MARK_STALE, [monthOf(before.facts.receivedAt)]);
    // the survey and dispute sums count a complaint by its month, category and channel only
    const { facts } = next;
    if (!before.facts || before.facts.receivedAt !== facts.receivedAt || before.facts.category !== facts.category || before.facts.channel !== facts.channel) {
      await this.answerSums.markMonths([monthOf(facts.receivedAt), ...(before.facts ? [monthOf(before.facts.receivedAt)] : [])]);
    }
    this.stale?.marked();
  }

  /** The complaints' sums (promises, cases, durations), for MonthlySumsUpkeep. */
  monthlySums(): MonthlySums[] {
    return [
      {
        kind: 'complaints',
        staleMonths: async () => (await this.db.sql<{ month: string }>(STALE_MONTHS)).rows.map((row) => row.month),
        refresh: (within) => this.refresh(within),
      },
    ];
  }

  /** The facts as stored for one complaint. */
  async factsOf(reference: string): Promise<{ facts: CaseFacts | null; deadlines: DeadlineFact[] }> {
    const facts = (await this.db.sql<ComplaintFactsRecord>(FACTS_OF, [reference])).rows[0];
    const deadlines = (await this.db.sql<CaseDeadlineRecord>(DEADLINES_OF, [reference])).rows;
    return {
      facts: facts ? Object.assign(new ComplaintFactsRecord(), numbers(facts, ['ended', 'reopened', 'withdrawn', 'acknowledgeSeconds', 'finalResponseSeconds'])).toFacts() : null,
      deadlines: deadlines.map((row) => Object.assign(new CaseDeadlineRecord(), numbers(row, ['runsWhilePaused'])).toFact()),
    };
  }

  /** Recomputes the months within `within` marked stale (the others wait for a report that reads them): see StaleMonths. */
  async refresh(within: MonthSpan = { from: null, to: null }): Promise<void> {
    await STALE.refresh(this.db, within, this.refreshes);
  }
}

/** PostgreSQL's driver gives some integers as strings. */
function numbers<T extends object>(row: T, keys: string[]): T {
  const copy = { ...row } as Record<string, unknown>;
  for (const key of keys) copy[key] = copy[key] === null || copy[key] === undefined ? null : Number(copy[key]);
  return copy as T;
}

function sorted(deadlines: readonly DeadlineFact[]): DeadlineFact[] {
  return [...deadlines].sort((a, b) => (a.promiseId < b.promiseId ? -1 : a.promiseId > b.promiseId ? 1 : 0));
}

export function factValues(f: CaseFacts): unknown[] {
  return [f.reference, f.receivedAt, f.category, f.channel, f.rootCause, f.outcome, Number(f.ended), Number(f.reopened), Number(f.withdrawn), f.acknowledgeSeconds, f.finalResponseSeconds];
}

export function deadlineValues(d: DeadlineFact): unknown[] {
  return [d.reference, d.promiseId, d.receivedAt, d.category, d.channel, d.dueAt, d.settledAt, d.outcome, Number(d.runsWhilePaused), d.pausedAt];
}
