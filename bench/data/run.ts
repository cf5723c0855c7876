import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openAppServices } from './app-services.js';
import { operations, time } from './operations.js';
import { table, type Row } from './report-table.js';
import { replicate } from './replicate.js';
import { copyToPostgres, seed, type SeedTarget } from './seed.js';

/**
 * `npm run bench:data [sizes…] [--engines=sqlite,postgres] [--replicate]`: seeds each size of complaints into a fresh database of
 * each engine and times the staff's and managers' reads through the app's own services. PostgreSQL is used when
 * TEST_DATABASE_URL names a server (scripts/with-throwaway-postgres.sh starts one). `--existing=DIR,…` times SQLite data
 * directories seeded before, one a size, as they are (the app's newer migrations run on opening them): the same data
 * timed again after a change to the app, without the hour of seeding.
 */
const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);
const engineArg = args.find((a) => a.startsWith('--engines='))?.slice('--engines='.length);
/** Each size after the first is the first one's cases copied (see `replicate`) instead of played and sealed one by one. */
const replicating = args.includes('--replicate');
const existing = args.find((a) => a.startsWith('--existing='))?.slice('--existing='.length).split(',') ?? [];
if (existing.length > 0 && existing.length !== sizes.length) throw new Error('--existing names one SQLite data directory for each size');
const postgresUrl = process.env.TEST_DATABASE_URL;
const engines = (engineArg ? engineArg.split(',') : ['sqlite', 'postgres']).filter((engine) => {
  if (engine !== 'postgres' || postgresUrl) return true;
  console.log('PostgreSQL: skipped, TEST_DATABASE_URL is not set (run under scripts/with-throwaway-postgres.sh).');
  return false;
}) as ('sqlite' | 'postgres')[];

/** The instant the data is seeded for and the app's clock stands at. */
const NOW = new Date('2026-12-05T00:00:00.000Z');
const AUDIT_KEY = randomBytes(32).toString('hex');

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function databaseBytes(target: SeedTarget): Promise<number> {
  if (!target.databaseUrl) return statSync(join(target.dataDir, 'redress.sqlite')).size;
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
    return Number(rows[0].size);
  } finally {
    await client.end();
  }
}

async function measure(engine: 'sqlite' | 'postgres', size: number, target: SeedTarget, rows: Map<string, Row>): Promise<void> {
  const app = await openAppServices(target, NOW, AUDIT_KEY);
  console.log(`  ${engine} ${size} monthly sums brought up to date (in the background, in a started app) in ${(app.sumsUpkeepMs / 1000).toFixed(1)} s`);
  try {
    for (const operation of operations(size, NOW)) {
      const timing = await time(app, operation);
      const row = rows.get(operation.name) ?? { name: operation.name, target: operation.target, timings: [] };
      row.timings.push(timing);
      rows.set(operation.name, row);
      console.log(`  ${engine} ${size} ${operation.name}: median ${timing.medianMs.toFixed(2)} ms, p90 ${timing.p90Ms.toFixed(2)} ms (${timing.runs} runs)`);
    }
  } finally {
    await app.close();
  }
}

function printTables(done: number[], results: Map<'sqlite' | 'postgres', Map<string, Row>>): void {
  for (const [engine, rows] of results) {
    if (rows.size === 0) continue;
    const sizes = done.slice(0, Math.max(...[...rows.values()].map((row) => row.timings.length)));
    console.log(`\n${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n\n${table(engine, sizes, [...rows.values()])}\n`);
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`${new Date().toISOString().slice(0, 10)} · ${cpu[0]?.model ?? 'unknown CPU'} · ${cpu.length} cores · Node ${process.version}`);
  console.log(`Data as of ${NOW.toISOString()}; "12 months" is ${NOW.getUTCFullYear() - 1}-${String(NOW.getUTCMonth() + 1).padStart(2, '0')}-01 to ${NOW.toISOString().slice(0, 7)}-01.\n`);
  const results = new Map(engines.map((engine) => [engine, new Map<string, Row>()]));
  const done: number[] = [];
  if (existing.length > 0) {
    const rows = new Map<string, Row>();
    for (const [n, size] of sizes.entries()) {
      await measure('sqlite', size, { dataDir: existing[n] }, rows);
      done.push(size);
      printTables(done, new Map([['sqlite', rows]]));
    }
    return;
  }
  // with --replicate, the first size's databases are kept and grown in place
  let dataDir: string | null = null;
  let postgres: { name: string; target: SeedTarget } | null = null;
  let held = 0;
  try {
    for (const size of sizes) {
      const copying = replicating && dataDir !== null;
      if (!copying) {
        if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
        dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-data-'));
        await seedSqlite(dataDir, size);
      } else if (engines.includes('sqlite')) {
        const started = performance.now();
        await replicate({ dataDir: dataDir as string }, sizes[0], size / sizes[0], AUDIT_KEY, (n) => process.stdout.write(`\rreplicating ${size}: ${n * sizes[0]}   `), held / sizes[0]);
        const seconds = (performance.now() - started) / 1000;
        console.log(`\rsqlite ${size}: the ${sizes[0]} cases copied ${size / sizes[0]} times, histories chained and sealed anew, in ${seconds.toFixed(0)} s; ${(statSync(join(dataDir as string, 'redress.sqlite')).size / 1e6).toFixed(0)} MB`);
      }
      const seeded = dataDir as string;
      if (engines.includes('sqlite')) await measure('sqlite', size, { dataDir: seeded }, results.get('sqlite') as Map<string, Row>);
      if (engines.includes('postgres')) {
        const started = performance.now();
        if (postgres !== null && copying) {
          await replicate(postgres.target, sizes[0], size / sizes[0], AUDIT_KEY, (n) => process.stdout.write(`\rreplicating ${size} in PostgreSQL: ${n * sizes[0]}   `), held / sizes[0]);
          console.log(`\rpostgres ${size}: the ${sizes[0]} cases copied ${size / sizes[0]} times inside PostgreSQL in ${((performance.now() - started) / 1000).toFixed(0)} s; ${((await databaseBytes(postgres.target)) / 1e6).toFixed(0)} MB`);
        } else {
          if (postgres !== null) await adminQuery(`DROP DATABASE IF EXISTS ${postgres.name} WITH (FORCE)`);
          const name = `redress_bench_${size}_${randomBytes(3).toString('hex')}`;
          await adminQuery(`CREATE DATABASE ${name}`);
          const url = new URL(postgresUrl as string);
          url.pathname = `/${name}`;
          postgres = { name, target: { dataDir: seeded, databaseUrl: url.toString() } };
          await copyToPostgres(seeded, url.toString());
          console.log(`postgres ${size}: copied from SQLite in ${((performance.now() - started) / 1000).toFixed(0)} s; ${((await databaseBytes(postgres.target)) / 1e6).toFixed(0)} MB`);
        }
        await measure('postgres', size, postgres.target, results.get('postgres') as Map<string, Row>);
      }
      held = size;
      done.push(size);
      printTables(done, results);
    }
  } finally {
    if (postgres !== null) await adminQuery(`DROP DATABASE IF EXISTS ${postgres.name} WITH (FORCE)`);
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function seedSqlite(dataDir: string, size: number): Promise<void> {
  const started = performance.now();
  let shown = 0;
  const summary = await seed({ dataDir }, size, NOW, AUDIT_KEY, (n) => {
    if (n - shown >= size / 10 || n === size) {
      shown = n;
      process.stdout.write(`\rseeding ${size}: ${n}`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const statuses = Object.entries(summary.byStatus)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  console.log(
    `\rsqlite ${size}: seeded in ${seconds.toFixed(0)} s (${Math.round(size / seconds)} complaints/s), ${summary.events} history events, ` +
      `${summary.surveysSent} surveys sent, ${summary.responses} answered, ${summary.disputes} disputes, ${summary.overdue} overdue; ` +
      `${(statSync(join(dataDir, 'redress.sqlite')).size / 1e6).toFixed(0)} MB\n  ${statuses}`,
  );
}

await main();
