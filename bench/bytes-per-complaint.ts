import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { send } from './http-client.js';
import { target } from './report.js';
import { complaintBody, withStaffServer, type StaffServer } from './redress-server.js';
import type { TwilioSink } from './servers/twilio-sink.js';

/**
 * A typical history through the staff API, after the complaint is made by phone and acknowledged at once: taken by a
 * handler, assessed, investigated, a note, a reply to the customer, a response proposed and accepted, closed. The
 * customer is texted at each step the code of conduct tells them of.
 */
const HISTORY: { path: string; body: object }[] = [
  { path: 'actions', body: { action: 'assign', assigneeId: 'U0HANDLER' } },
  {
    path: 'actions',
    body: { action: 'assess', assessment: { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false, summary: 'Late delivery charged as express.' } },
  },
  { path: 'actions', body: { action: 'start_investigation' } },
  { path: 'notes', body: { text: 'Courier confirms the parcel left the depot six days late; express charge applies to the next-day service only.' } },
  { path: 'replies', body: { text: 'We have confirmed with the courier that your parcel was late. We are looking at a refund and will reply within two days.' } },
  { path: 'actions', body: { action: 'propose_response', outcome: 'upheld', explanation: 'The parcel was late, so the express charge of £9.99 will be refunded to your card within five days.' } },
  { path: 'actions', body: { action: 'accept_response', reason: 'Customer accepted by phone.' } },
  { path: 'actions', body: { action: 'close', outcome: 'upheld', rootCause: 'third-party' } },
];

/** The whole file per complaint for this history, 200 complaints, on 5 December 2026, before any storage change. */
const BEFORE_BYTES = 19_497;

/** Bytes of one table with its indexes, and its rows. */
export interface TableBytes {
  table: string;
  rows: number;
  /** Bytes of the table's own pages (its rows' b-tree), free space in them included. */
  data: number;
  /** Bytes of the rows' contents in those pages, without the pages' free space and headers. */
  payload: number;
  /** Bytes of the pages of each of its indexes, by name. */
  indexes: Record<string, number>;
}

export interface BytesPerComplaint {
  complaints: number;
  /** Steps of the history refused by the server (each is named in `refusals`). */
  refusals: string[];
  /** The whole file after a checkpoint, in bytes. */
  fileBytes: number;
  /** Pages in use by tables and indexes, in bytes (the rest of the file is free pages). */
  usedBytes: number;
  tables: TableBytes[];
}

async function typicalComplaint(server: StaffServer, n: number, refusals: string[]): Promise<void> {
  const made = await send(`${server.url}/api/complaints`, { method: 'POST', headers: server.headers, body: complaintBody(n) });
  if (made.status !== 201) throw new Error(`creating a complaint answered ${made.status}: ${made.body}`);
  const { reference } = JSON.parse(made.body) as { reference: string };
  for (const step of HISTORY) {
    const answer = await send(`${server.url}/api/complaints/${reference}/${step.path}`, { method: 'POST', headers: server.headers, body: JSON.stringify(step.body) });
    if (answer.status >= 300) refusals.push(`${JSON.stringify(step.body).slice(0, 40)} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  }
}

/** Pages of each table and index, from SQLite's dbstat (compiled into better-sqlite3). */
export function measureFile(file: string, complaints: number, refusals: string[] = []): BytesPerComplaint {
  const db = new Database(file, { readonly: true });
  try {
    const objects = db.prepare("SELECT name, tbl_name AS tableName, type FROM sqlite_master WHERE type IN ('table', 'index')").all() as { name: string; tableName: string; type: string }[];
    const stats = db.prepare('SELECT name, SUM(pgsize) AS bytes, SUM(payload) AS payload FROM dbstat GROUP BY name').all() as { name: string; bytes: number; payload: number }[];
    const sizes = new Map(stats.map((r) => [r.name, r.bytes]));
    const payloads = new Map(stats.map((r) => [r.name, r.payload]));
    const tables = objects
      .filter((o) => o.type === 'table')
      .map((t): TableBytes => {
        const { n } = db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number };
        const indexes = Object.fromEntries(objects.filter((o) => o.type === 'index' && o.tableName === t.name).map((i) => [i.name, sizes.get(i.name) ?? 0]));
        return { table: t.name, rows: n, data: sizes.get(t.name) ?? 0, payload: payloads.get(t.name) ?? 0, indexes };
      })
      .filter((t) => t.rows > 0 || t.data > 4096);
    return {
      complaints,
      refusals,
      fileBytes: statSync(file).size,
      usedBytes: [...sizes.values()].reduce((a, b) => a + b, 0),
      tables: tables.sort((a, b) => total(b) - total(a)),
    };
  } finally {
    db.close();
  }
}

const total = (t: TableBytes) => t.data + Object.values(t.indexes).reduce((a, b) => a + b, 0);

/** Makes `count` complaints with a typical history on the built server, then measures its SQLite file once it has stopped. */
export async function bytesPerComplaint(sink: TwilioSink, count: number): Promise<BytesPerComplaint> {
  const refusals: string[] = [];
  let measured: BytesPerComplaint | undefined;
  await withStaffServer(
    sink,
    async (server) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < count) await typicalComplaint(server, next++, refusals);
        }),
      );
      // the texts of the last steps are sent once their transactions commit
      const db = new Database(join(server.dataDir, 'redress.sqlite'), { readonly: true });
      try {
        const waiting = db.prepare("SELECT COUNT(*) AS n FROM outbox_messages WHERE status IN ('pending', 'sending')");
        for (let waited = 0; waited < 300 && (waiting.get() as { n: number }).n > 0; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        db.close();
      }
    },
    [],
    // the server checkpoints and closes its database as it stops; the file is measured before it is removed
    (dataDir) => (measured = measureFile(join(dataDir, 'redress.sqlite'), count, refusals)),
  );
  if (!measured) throw new Error('the database was not measured');
  return measured;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(2);

/** The table of bytes per complaint, each table with its indexes, then the verdict. */
export function printBytes(m: BytesPerComplaint): void {
  console.log(`Bytes per complaint: ${m.complaints} complaints, each made and acknowledged, then ${HISTORY.length} steps (${m.refusals.length} refused)`);
  for (const refusal of m.refusals.slice(0, 3)) console.log(`  refused: ${refusal}`);
  const per = (bytes: number) => (bytes / m.complaints).toFixed(0);
  console.log('| table or index | rows | KB of pages | bytes per complaint | of which row contents |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const t of m.tables) {
    console.log(`| ${t.table} | ${t.rows} | ${kb(t.data)} | ${per(t.data)} | ${per(t.payload)} |`);
    for (const [name, bytes] of Object.entries(t.indexes)) console.log(`| &nbsp;&nbsp;index ${name} | | ${kb(bytes)} | ${per(bytes)} | |`);
  }
  console.log(`| pages in use | | ${kb(m.usedBytes)} | ${per(m.usedBytes)} | |`);
  console.log(`| whole file | | ${kb(m.fileBytes)} | ${per(m.fileBytes)} | |`);
  const perComplaint = m.fileBytes / m.complaints;
  target(
    'bytes per complaint',
    `${(perComplaint / 1024).toFixed(1)} KB a complaint with a typical history (${HISTORY.length + 2} events), the whole SQLite file`,
    `half the ${(BEFORE_BYTES / 1024).toFixed(1)} KB this same history took before, as the history and the outbox hold copies of the case's texts`,
    perComplaint <= BEFORE_BYTES / 2,
  );
}
