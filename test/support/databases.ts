import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when scripts/with-throwaway-postgres.sh (or the caller) provides a server. */
export function dialects(): Dialect[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty PostgreSQL database for one test file, and a way to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `redress_test_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Reads a server's database from outside, as an auditor would: `target` is its DATA_DIR on SQLite, its URL on PostgreSQL. */
export async function openDatabase(
  dialect: Dialect,
  target: string,
): Promise<{ all: (sql: string) => Promise<any[]>; close: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const db = new Database(join(target, 'redress.sqlite'), { readonly: true });
    return {
      all: async (sql) => db.prepare(sql).all(),
      close: async () => {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  return { all: async (sql) => (await client.query(sql)).rows, close: () => client.end() };
}
