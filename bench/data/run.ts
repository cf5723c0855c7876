import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openAppServices } from './app-services.js';
import { operations, time } from './operations.js';
import { table, type Row } from './report-table.js';
import { seed, type SeedTarget } from './seed.js';

/**
 * `npm run bench:data [sizes…] [--engines=sqlite,postgres]`: seeds each size of complaints into a fresh database of
 * each engine and times the staff's and managers' reads through the app's own services. PostgreSQL is used when
 * TEST_DATABASE_URL names a server (scripts/with-throwaway-postgres.sh starts one).
 */
const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);
const engineArg = args.find((a) => a.startsWith('--engines='))?.slice('--engines='.length);
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

async function withTarget<T>(engine: 'sqlite' | 'postgres', size: number, work: (target: SeedTarget) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-data-'));
  const name = `redress_bench_${size}_${randomBytes(3).toString('hex')}`;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(postgresUrl as string);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  try {
    return await work({ dataDir, databaseUrl });
  } finally {
    if (engine === 'postgres') await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`${new Date().toISOString().slice(0, 10)} · ${cpu[0]?.model ?? 'unknown CPU'} · ${cpu.length} cores · Node ${process.version}`);
  console.log(`Data as of ${NOW.toISOString()}; "12 months" is ${NOW.getUTCFullYear() - 1}-${String(NOW.getUTCMonth() + 1).padStart(2, '0')}-01 to ${NOW.toISOString().slice(0, 7)}-01.\n`);
  for (const engine of engines) {
    const rows = new Map<string, Row>();
    for (const size of sizes) {
      await withTarget(engine, size, async (target) => {
        const started = performance.now();
        let shown = 0;
        const summary = await seed(target, size, NOW, AUDIT_KEY, (done) => {
          if (done - shown >= size / 10 || done === size) {
            shown = done;
            process.stdout.write(`\r${engine} ${size}: seeded ${done}`);
          }
        });
        const seconds = (performance.now() - started) / 1000;
        const bytes = await databaseBytes(target);
        const statuses = Object.entries(summary.byStatus)
          .sort((a, b) => b[1] - a[1])
          .map(([status, n]) => `${status} ${n}`)
          .join(', ');
        console.log(
          `\r${engine} ${size}: seeded in ${seconds.toFixed(0)} s (${Math.round(size / seconds)} complaints/s), ${summary.events} history events, ` +
            `${summary.surveysSent} surveys sent, ${summary.responses} answered, ${summary.disputes} disputes, ${summary.overdue} overdue; ` +
            `${(bytes / 1e6).toFixed(0)} MB\n  ${statuses}`,
        );
        const app = await openAppServices(target, NOW, AUDIT_KEY);
        try {
          for (const operation of operations(size, NOW)) {
            const timing = await time(app, operation);
            const row = rows.get(operation.name) ?? { name: operation.name, target: operation.target, timings: [] };
            row.timings.push(timing);
            rows.set(operation.name, row);
            console.log(`  ${operation.name}: median ${timing.medianMs.toFixed(2)} ms, p90 ${timing.p90Ms.toFixed(2)} ms (${timing.runs} runs)`);
          }
        } finally {
          await app.close();
        }
      });
    }
    console.log(`\n${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n\n${table(engine, sizes, [...rows.values()])}\n`);
  }
}

await main();
