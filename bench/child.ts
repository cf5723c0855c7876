import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The Node.js flags `npm start` gives Redress (a larger young generation, so short-lived objects of a turn cost less
 * to collect). Every server here runs with them, the baselines too, so the comparison stays even.
 */
const START_FLAGS: string[] = (() => {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return /^node((?: --\S+)*) /.exec(scripts.start)?.[1].trim().split(' ').filter(Boolean) ?? [];
})();

export interface Child<T> {
  info: T;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a server in its own process, so load generation and the server do not share one event loop. It is ready
 * when `ready` makes something of a line it prints, or (without `ready`) when it prints a JSON line. `flags` are
 * Node.js flags beyond `npm start`'s, such as --cpu-prof, which NODE_OPTIONS does not take.
 */
export async function startChild<T>(script: string, env: Record<string, string> = {}, ready?: () => Promise<T>, flags: string[] = []): Promise<Child<T>> {
  const child = spawn(process.execPath, [...START_FLAGS, ...flags, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`))),
  );
  // A server that logs must never block on a full pipe.
  if (ready) child.stdout.resume();
  const info = await Promise.race([
    died,
    ready
      ? ready()
      : new Promise<T>((resolve) => createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as T))),
  ]);
  died.catch(() => undefined);
  return {
    info,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Waits until an HTTP server answers its health check. */
export async function healthy(url: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
