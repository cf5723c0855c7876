import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child<T> {
  info: T;
  stop(): Promise<void>;
}

/** Starts a server in its own process, so load generation and the server do not share one event loop. */
export async function startChild<T>(script: string, env: Record<string, string> = {}, ready?: (line: string) => T | undefined): Promise<Child<T>> {
  const child: ChildProcess = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      const parsed = ready ? ready(line) : (JSON.parse(line) as T);
      if (parsed !== undefined) resolve(parsed);
    });
  });
  return {
    info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
