import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, type Dialect } from './databases.js';

/** The compiled server as `npm start` runs it (the test command builds first). */
export const MAIN = join(process.cwd(), 'dist/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs Redress as its own process with only the given environment (and PATH). */
export function runServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Runs one of Redress's commands (`dist/src/…-cli.js`) to its end, with only the given environment (and PATH). */
export function runCommand(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(process.cwd(), script), ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

export async function waitForHealth(url: string, exited: Promise<number | null>): Promise<void> {
  let exit: { code: number | null } | undefined;
  void exited.then((code) => (exit = { code }));
  // a minute: a build's server starting on a loaded machine has taken over thirty seconds
  for (let i = 0; i < 600 && !exit; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(exit ? `the server exited with code ${exit.code} before it became healthy` : 'the server did not become healthy');
}

/**
 * Where a server run as its own process keeps its data: a fresh DATA_DIR, and on PostgreSQL a database of its own.
 * `env` is what the process needs, `databaseTarget` what `openDatabase` opens, and `cleanUp` removes both.
 */
export async function processData(dialect: Dialect, prefix: string): Promise<{ env: Record<string, string>; databaseTarget: string; cleanUp: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect !== 'postgres') return { env: { DATA_DIR: dataDir }, databaseTarget: dataDir, cleanUp: async () => removeDir() };
  const postgres = await createPostgresDatabase();
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: postgres.url },
    databaseTarget: postgres.url,
    cleanUp: async () => {
      await postgres.drop();
      removeDir();
    },
  };
}

/** Stops a server process that is still running, and waits for it to be gone. */
export async function stopServer(server: ServerProcess | undefined): Promise<void> {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
